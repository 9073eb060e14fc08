"""Sub-commands other than `estimate`, each imported only when it is called."""
