"""Wording of claims and everyday documents in German, French, Spanish and Hebrew.

Each ``Lang`` holds the labels of a claim form, claim titles, a declaration, and the
words of invoices, tax forms and letters, so that the same document kinds exist in
every language and script (language is not a shortcut for a document type). The
wording is written for the generator (translations of its English label pools).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from faker import Faker

from kpo.datasets.vocab import Ctx


@dataclass(frozen=True, slots=True)
class Lang:
    code: str
    locale: str
    rtl: bool
    claim: dict[str, tuple[str, ...]]  # field name -> label variants
    form_labels: tuple[str, ...]  # further labels of a claim form
    claim_titles: tuple[str, ...]
    declaration: str
    invoice: tuple[str, ...]  # title, number, date, customer, item, qty, amount, total, note
    tax_labels: tuple[str, ...]
    tax_titles: tuple[str, ...]
    letter: tuple[str, ...]  # greeting, sentences..., closing


def split(text: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in text.split("|") if t.strip())


GERMAN = Lang(
    "de",
    "de_DE",
    False,
    {
        "claim_number": split("Schadennummer|Schaden-Nr.|Aktenzeichen Schaden"),
        "policy_number": split("Versicherungsschein-Nr.|Policennummer|Vertragsnummer"),
        "claimant_name": split("Name des Versicherten|Anspruchsteller|Name, Vorname"),
        "date_of_loss": split("Schadentag|Datum des Unfalls|Unfalldatum|Tag der Verletzung"),
        "amount_claimed": split("Geforderter Betrag|Schadenhöhe|Forderungsbetrag"),
    },
    split(
        "Arbeitgeber|Anschrift|Telefon|Geburtsdatum|Unfallort|Uhrzeit|Hergang des Unfalls|"
        "Art der Verletzung|Zeugen|Behandelnder Arzt|Bankverbindung (IBAN)|Beruf|"
        "Polizeilich aufgenommen?|Unterschrift des Versicherten|Ort, Datum"
    ),
    split("Schadenmeldung|Unfallanzeige|Leistungsantrag|Schadenanzeige Hausrat|Kfz-Schadenmeldung"),
    "Ich versichere, dass ich die vorstehenden Angaben nach bestem Wissen vollständig und "
    "wahrheitsgemäß gemacht habe. Vorsätzlich falsche Angaben können zum Verlust des "
    "Versicherungsschutzes führen.",
    split(
        "Rechnung|Rechnungsnummer|Rechnungsdatum|Kunde|Beschreibung|Menge|Betrag|"
        "Gesamtbetrag inkl. MwSt.|Zahlbar innerhalb von 14 Tagen ohne Abzug."
    ),
    split(
        "Steuernummer|Identifikationsnummer|Einkünfte aus nichtselbständiger Arbeit|"
        "Werbungskosten|Sonderausgaben|Kirchensteuer|Familienstand|Veranlagungszeitraum|"
        "Finanzamt|Unterschrift"
    ),
    split("Einkommensteuererklärung|Antrag auf Kindergeld|Gewerbeanmeldung|Jahresbericht"),
    split(
        "Sehr geehrte Damen und Herren,|vielen Dank für Ihre Anfrage vom letzten Monat.|"
        "Anbei erhalten Sie die gewünschten Unterlagen.|Die Sitzung wurde um 16 Uhr beendet.|"
        "Der Vorstand hat den Haushalt für das kommende Jahr genehmigt.|"
        "Bitte beachten Sie die geänderten Öffnungszeiten.|Mit freundlichen Grüßen"
    ),
)
FRENCH = Lang(
    "fr",
    "fr_FR",
    False,
    {
        "claim_number": split("Numéro de sinistre|N° de dossier sinistre|Réf. sinistre"),
        "policy_number": split("Numéro de contrat|N° de police|Numéro d'adhérent"),
        "claimant_name": split("Nom de l'assuré|Nom et prénom du déclarant|Assuré"),
        "date_of_loss": split("Date du sinistre|Date de l'accident|Date de survenance"),
        "amount_claimed": split("Montant réclamé|Montant du préjudice|Montant demandé"),
    },
    split(
        "Employeur|Adresse|Téléphone|Date de naissance|Lieu de l'accident|Heure|"
        "Circonstances de l'accident|Nature des lésions|Témoins|Médecin traitant|"
        "Profession|Constat amiable établi ?|Signature de l'assuré|Fait à, le"
    ),
    split("Déclaration de sinistre|Déclaration d'accident du travail|Demande d'indemnisation"),
    "Je certifie sur l'honneur l'exactitude des renseignements portés sur la présente "
    "déclaration. Toute fausse déclaration expose à des sanctions.",
    split(
        "Facture|Numéro de facture|Date de facture|Client|Désignation|Qté|Montant|Total TTC|"
        "Paiement à 30 jours. TVA non applicable."
    ),
    split(
        "Numéro fiscal|Revenus d'activité|Situation de famille|Nombre de parts|"
        "Impôt sur le revenu|Centre des finances publiques|Signature|Revenus fonciers"
    ),
    split("Déclaration des revenus|Demande d'allocation|Rapport annuel|Formulaire d'inscription"),
    split(
        "Madame, Monsieur,|Nous vous remercions de votre demande.|"
        "Veuillez trouver ci-joint les documents demandés.|"
        "Le conseil a approuvé le budget de l'exercice.|La séance est levée à 17 heures.|"
        "Nous restons à votre disposition pour tout renseignement.|"
        "Veuillez agréer nos salutations distinguées."
    ),
)
SPANISH = Lang(
    "es",
    "es_ES",
    False,
    {
        "claim_number": split("Número de siniestro|N.º de reclamación|Expediente"),
        "policy_number": split("Número de póliza|Póliza n.º|Número de contrato"),
        "claimant_name": split("Nombre del asegurado|Reclamante|Nombre y apellidos"),
        "date_of_loss": split("Fecha del siniestro|Fecha del accidente|Fecha de ocurrencia"),
        "amount_claimed": split("Importe reclamado|Importe de los daños|Cantidad reclamada"),
    },
    split(
        "Empleador|Domicilio|Teléfono|Fecha de nacimiento|Lugar del accidente|Hora|"
        "Descripción de los hechos|Lesiones sufridas|Testigos|Médico|Ocupación|"
        "Firma del asegurado|Lugar y fecha"
    ),
    split("Parte de siniestro|Declaración de accidente laboral|Solicitud de indemnización"),
    "Declaro que los datos consignados son ciertos y que no he omitido ninguna circunstancia. "
    "La falsedad en la declaración puede dar lugar a la pérdida del derecho a indemnización.",
    split(
        "Factura|Número de factura|Fecha|Cliente|Descripción|Cantidad|Importe|Total con IVA|"
        "Gracias por su compra."
    ),
    split(
        "NIF|Rendimientos del trabajo|Estado civil|Base imponible|Cuota íntegra|"
        "Agencia Tributaria|Firma|Deducciones"
    ),
    split("Declaración de la renta|Solicitud de subvención|Informe anual|Formulario de alta"),
    split(
        "Estimados señores:|Les agradecemos su consulta.|Adjuntamos la documentación solicitada.|"
        "La junta aprobó el presupuesto del ejercicio.|Se levanta la sesión a las 18 horas.|"
        "Quedamos a su disposición para cualquier aclaración.|Atentamente,"
    ),
)
HEBREW = Lang(
    "he",
    "he_IL",
    True,
    {
        "claim_number": split("מספר תביעה|מס' תיק תביעה|תביעה מס'"),
        "policy_number": split("מספר פוליסה|פוליסה מס'|מספר חשבון מבוטח"),
        "claimant_name": split("שם המבוטח|שם התובע|שם המבקש"),
        "date_of_loss": split("תאריך האירוע|תאריך התאונה|מועד הנזק|יום הפגיעה"),
        "amount_claimed": split("סכום התביעה|הסכום הנתבע|סך הנזק"),
    },
    split(
        "שם המעסיק|כתובת|טלפון|תאריך לידה|מספר זהות|מקום האירוע|שעה|תיאור האירוע|"
        "סוג הפגיעה|עדים|רופא מטפל|משלח יד|פרטי חשבון בנק|חתימת המבוטח|תאריך"
    ),
    split("טופס הודעה על נזק|בקשה לתשלום פיצוי|הודעה על תאונה|תביעה לתגמולי ביטוח"),
    "אני מצהיר כי כל הפרטים שמסרתי בטופס זה נכונים ומלאים. ידוע לי כי מסירת פרטים "
    "כוזבים היא עבירה על החוק.",
    split(
        'חשבונית מס|מספר חשבונית|תאריך|לקוח|תיאור|כמות|סכום|סה"כ לתשלום כולל מע"מ|'
        "התשלום בתוך 30 יום."
    ),
    split(
        "מספר תיק ניכויים|הכנסה ממשכורת|נקודות זיכוי|מצב משפחתי|שנת המס|פקיד שומה|חתימה|הכנסה חייבת"
    ),
    split("דוח שנתי למס הכנסה|בקשה להחזר מס|דוח פעילות שנתי|טופס רישום"),
    split(
        "לכבוד,|תודה על פנייתך.|מצורפים בזאת המסמכים שביקשת.|"
        "הוועדה אישרה את התקציב לשנה הבאה.|הישיבה ננעלה בשעה 17:00.|"
        "נשמח לעמוד לרשותך בכל שאלה.|בברכה,"
    ),
)
LANGS = (GERMAN, FRENCH, SPANISH, HEBREW)


def a_lang(ctx: Ctx) -> Lang:
    return LANGS[ctx.rng.randrange(len(LANGS))]


@cache
def _faker(locale: str) -> Faker:
    return Faker(locale)


def local_faker(ctx: Ctx, lang: Lang) -> Faker:
    """A Faker of the language's locale, seeded from the document's random source."""
    fake = _faker(lang.locale)
    fake.seed_instance(ctx.rng.randrange(2**32))
    return fake
