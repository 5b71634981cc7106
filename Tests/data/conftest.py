"""Data-heavy suites over ../shared/data (real attack logs); run by .ci/run, which sets BULWARK_SHARED_DATA."""
import os
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = pathlib.Path(os.environ.get("BULWARK_BINARY", ROOT / ".build" / "debug" / "bulwark"))
SHARED = pathlib.Path(os.environ.get("BULWARK_SHARED_DATA", ROOT.parent / "shared" / "data"))
