"""Command-line interface (placeholder until the CLI lands)."""


def main() -> None:
    raise SystemExit("kpo CLI not built yet")
