"""Check the system libraries WeasyPrint needs, and say exactly what to install when missing."""
import ctypes.util
import sys

APT = "sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"

try:
    import weasyprint  # noqa: F401
except OSError as exc:
    sys.exit(f"WeasyPrint cannot load its system libraries ({exc}).\nInstall them with:\n  {APT}")

if not ctypes.util.find_library("harfbuzz-subset"):
    print("warning: libharfbuzz-subset0 is missing: PDF rendering will be about 5x slower.\n"
          f"  Install it with: {APT}", file=sys.stderr)
