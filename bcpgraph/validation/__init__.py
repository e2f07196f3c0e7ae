"""The parts of validation that :mod:`bcpgraph.validate` puts together: the report as text
(:mod:`.text`, light enough for the CLI to import) and the label shapes checked in Python
(:mod:`.labels`)."""
