"""Cases that kill mutants the rest of the suite let live (make mutation), in realistic wording."""
from __future__ import annotations
