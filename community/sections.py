"""The community app's pieces of the pages (core/sections.py)."""
