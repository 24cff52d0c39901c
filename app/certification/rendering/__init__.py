"""Rendering certificates: HTML to PDF/A (WeasyPrint, in a pool of render processes), the stored
files, and the check that a PDF is one we issued."""
