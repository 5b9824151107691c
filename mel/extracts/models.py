"""Models of mel.extracts; mel/models.py imports them so that Django finds them."""
