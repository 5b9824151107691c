"""Static files are served compressed (issue 18): `collectstatic` writes each beside its gzip (and
Brotli) copy, and WhiteNoise sends a copy to a browser that accepts it, the file itself to one that
does not."""

import gzip
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from whitenoise.middleware import WhiteNoiseMiddleware


def test_collected_static_files_are_served_gzipped_to_browsers_that_accept_it(tmp_path):
    with override_settings(STATIC_ROOT=str(tmp_path), WHITENOISE_USE_FINDERS=False):
        call_command("collectstatic", interactive=False, verbosity=0)
        assert (tmp_path / "homecoming" / "app.css.gz").exists()
        serve = WhiteNoiseMiddleware(get_response=None)
        zipped = serve(RequestFactory().get("/static/homecoming/app.css", HTTP_ACCEPT_ENCODING="gzip"))
        plain = serve(RequestFactory().get("/static/homecoming/app.css"))
    original = Path(finders.find("homecoming/app.css")).read_bytes()
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(b"".join(zipped.streaming_content)) == original
    assert int(zipped["Content-Length"]) < len(original) / 2
    assert "Content-Encoding" not in plain and b"".join(plain.streaming_content) == original
