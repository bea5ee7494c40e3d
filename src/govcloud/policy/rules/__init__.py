"""One module per rule; each defines one validator and one policy constant."""
