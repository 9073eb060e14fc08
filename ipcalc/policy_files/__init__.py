"""Reading policy files strictly: a policy (`policy`, with its contested clauses in
`questions`), a vocabulary (`vocabulary`) and the reference rates (`rates`). Every key,
type, amount, date and cross-reference is checked, and all problems of a file are reported
at once with the file, the line and the field path. Imported only when files are read (a
cached library needs none of it)."""

from .policy import read_policy
from .rates import read_rates
from .vocabulary import read_vocabulary

__all__ = ["read_policy", "read_rates", "read_vocabulary"]
