"""Badges: PDFs on every stock, signed codes, reissues and the print history."""
