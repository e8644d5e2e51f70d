"""Term pools of scientific fields for ``kpo.datasets.science``.

Each ``Field`` lists methods, objects of study, measured quantities, instruments or
data, and settings; the grammar in ``kpo.datasets.science`` combines them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Field:
    """The term pools of one scientific field."""

    name: str
    methods: tuple[str, ...]
    objects: tuple[str, ...]
    quantities: tuple[str, ...]
    tools: tuple[str, ...]
    settings: tuple[str, ...]


def pool(text: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in text.split("|") if t.strip())


FIELDS = (
    Field(
        "systems",
        pool(
            "just-in-time compiler|register allocator|static analysis|bytecode interpreter|"
            "garbage collector|incremental scheduler|lock-free queue|speculative optimization|"
            "inline cache|partial evaluation|profile-guided optimization|escape analysis|"
            "loop unrolling|consensus protocol|page replacement policy|vectorizing compiler|"
            "tiered compilation|type inference|call graph construction|dead code elimination"
        ),
        pool(
            "hot loops|call sites|intermediate representation|control-flow graph|heap objects|"
            "virtual machine|memory hierarchy|distributed key-value store|instruction cache|"
            "dynamically typed programs|native code|data-center workloads|kernel threads|"
            "storage engine|network stack|web browsers|function calls|return instructions|"
            "branch instructions|loop statements|stack frames|guard checks|byte code|"
            "method calls|scripting languages|interpreted programs|type tags"
        ),
        pool(
            "execution time|speedup|compilation overhead|memory footprint|tail latency|"
            "throughput|cache miss rate|code size|energy consumption|pause time|scalability"
        ),
        pool(
            "standard benchmark suite|SPEC CPU workloads|hardware performance counters|"
            "instrumented runtime|cycle-accurate simulator|production traces|microbenchmarks"
        ),
        pool(
            "multi-core machines|embedded devices|commodity clusters|mobile processors|"
            "cloud deployments|server-class hardware"
        ),
    ),
    Field(
        "physics",
        pool(
            "magneto-optical spectroscopy|density functional theory|Monte Carlo simulation|"
            "tight-binding model|mean-field approximation|time-resolved spectroscopy|"
            "renormalization group analysis|scattering experiment|perturbation theory|"
            "transport measurement|exact diagonalization|Hartree-Fock calculation"
        ),
        pool(
            "two-dimensional electron gas|semiconductor heterostructure|quantum well|"
            "superconducting film|spin chain|optical lattice|graphene bilayer|"
            "topological insulator|photonic crystal|plasma column|neutron star crust|"
            "ferromagnetic layer|excitons|phonon modes|charge carriers"
        ),
        pool(
            "filling factor|band gap|Landau level splitting|recombination rate|"
            "critical temperature|carrier mobility|emission linewidth|spin polarization|"
            "magnetoresistance|effective mass|coupling constant|cross section|"
            "energy spectrum|interlayer tunnelling"
        ),
        pool(
            "dilution refrigerator|pulsed magnet|optical fibre setup|cryostat|"
            "synchrotron beamline|lock-in amplifier|streak camera|particle detector"
        ),
        pool(
            "low temperatures|high magnetic fields|ambient pressure|the quantum limit|"
            "strong coupling|the weak-disorder regime|room temperature"
        ),
    ),
    Field(
        "biology",
        pool(
            "RNA sequencing|CRISPR screening|mass spectrometry|fluorescence microscopy|"
            "phylogenetic analysis|knockout experiment|flow cytometry|genome-wide association|"
            "molecular dynamics simulation|single-cell profiling|western blotting"
        ),
        pool(
            "transcription factors|mitochondrial proteins|gut microbiota|neuronal circuits|"
            "plant root cells|tumour samples|stem cells|bacterial biofilms|immune cells|"
            "enzyme complexes|signalling pathways|model organisms"
        ),
        pool(
            "gene expression|protein abundance|cell viability|binding affinity|"
            "growth rate|mutation frequency|metabolic flux|survival|fitness|"
            "differentiation rate"
        ),
        pool(
            "confocal microscope|sequencing platform|cell cultures|mouse models|"
            "public genomic databases|tissue biopsies|reporter assays"
        ),
        pool(
            "nutrient limitation|oxidative stress|in vivo conditions|drought stress|"
            "early development|chronic infection"
        ),
    ),
    Field(
        "statistics",
        pool(
            "Bayesian hierarchical model|bootstrap procedure|maximum likelihood estimation|"
            "generalized linear model|Markov chain Monte Carlo|penalized regression|"
            "nonparametric test|survival analysis|mixed-effects model|kernel smoother|"
            "expectation-maximization algorithm|time-series model"
        ),
        pool(
            "censored observations|longitudinal data|contingency tables|count data|"
            "missing covariates|high-dimensional predictors|panel surveys|spatial data|"
            "latent variables|random effects"
        ),
        pool(
            "bias|variance|coverage probability|mean squared error|statistical power|"
            "posterior uncertainty|false discovery rate|convergence rate|goodness of fit"
        ),
        pool(
            "simulation study|R package|open-source implementation|benchmark data sets|"
            "census records|clinical registry"
        ),
        pool(
            "small samples|heavy-tailed errors|model misspecification|"
            "the asymptotic regime|unequal group sizes"
        ),
    ),
    Field(
        "economics",
        pool(
            "difference-in-differences design|structural model|instrumental variables|"
            "general equilibrium model|randomized field experiment|panel regression|"
            "dynamic stochastic model|synthetic control method|discrete choice model"
        ),
        pool(
            "labour markets|household consumption|monetary policy|trade flows|"
            "firm productivity|housing prices|minimum wage|credit markets|tax reform|"
            "energy prices"
        ),
        pool(
            "employment|welfare|price elasticity|output growth|inequality|"
            "market concentration|inflation expectations|returns to schooling"
        ),
        pool(
            "administrative records|firm-level data|household surveys|"
            "customs data|central bank statistics"
        ),
        pool(
            "developing economies|the euro area|rural regions|the post-crisis period|"
            "emerging markets"
        ),
    ),
    Field(
        "learning",
        pool(
            "graph neural network|transformer encoder|contrastive pretraining|"
            "reinforcement learning agent|variational autoencoder|gradient boosting|"
            "sequence-to-sequence model|active learning strategy|attention mechanism|"
            "knowledge distillation|conditional random field"
        ),
        pool(
            "document images|named entities|speech recordings|protein structures|"
            "user reviews|satellite imagery|source code|dialogue systems|"
            "layout regions|medical images|parallel corpora"
        ),
        pool(
            "accuracy|F1 score|perplexity|sample efficiency|robustness|calibration|"
            "word error rate|mean average precision|generalization"
        ),
        pool(
            "annotated corpus|public benchmark|crowdsourced labels|GPU cluster|"
            "open-source toolkit|held-out test set"
        ),
        pool(
            "low-resource languages|distribution shift|noisy labels|few-shot settings|"
            "limited compute"
        ),
    ),
    Field(
        "earth",
        pool(
            "climate model ensemble|remote sensing retrieval|data assimilation|"
            "hydrological model|seismic inversion|isotope analysis|radiative transfer model"
        ),
        pool(
            "sea surface temperature|soil moisture|glacier mass balance|aerosol optical depth|"
            "river discharge|crustal deformation|precipitation extremes|ocean circulation"
        ),
        pool(
            "trend|seasonal variability|spatial resolution|retrieval error|"
            "return period|anomaly|uncertainty range"
        ),
        pool(
            "satellite observations|weather stations|ice cores|reanalysis products|"
            "field campaigns|seismometer arrays"
        ),
        pool(
            "the Arctic|mountain catchments|tropical regions|coastal zones|the last glacial period"
        ),
    ),
    Field(
        "chemistry",
        pool(
            "catalytic cycle|X-ray crystallography|NMR spectroscopy|electrochemical cell|"
            "ab initio calculation|flow synthesis|polymerization reaction"
        ),
        pool(
            "metal-organic frameworks|lithium electrodes|organic semiconductors|"
            "transition-metal complexes|perovskite films|nanoparticles|ionic liquids"
        ),
        pool(
            "yield|selectivity|conductivity|activation energy|turnover frequency|"
            "capacity retention|absorption spectrum"
        ),
        pool("powder diffractometer|electron microscope|gas chromatograph|glove box"),
        pool("mild conditions|elevated pressure|aqueous solution|inert atmosphere"),
    ),
)
