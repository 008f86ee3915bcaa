"""One cart per user: add, change quantity, remove; always checked against stock."""
