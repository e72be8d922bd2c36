"""The model layer: frozen objects for rule sets, inspections and results, the errors, and the words used
to write about them. Every other layer builds on this one; it imports none of them."""
