"""Export: court bags (BagIt with custody proofs), their offline verification, data exports."""
