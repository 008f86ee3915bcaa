"""The committed migrations create exactly what the models describe."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_migrations_match_the_models(capsys) -> None:
    spec = importlib.util.spec_from_file_location("check_migrations", ROOT / "scripts" / "check_migrations.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    assert module.main() == 0
    assert "Migrations match the models." in capsys.readouterr().out
