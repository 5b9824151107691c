"""Models of mel.reports; mel/models.py imports them so that Django finds them."""
