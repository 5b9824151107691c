"""Models of mel.dhis2; mel/models.py imports them so that Django finds them."""
