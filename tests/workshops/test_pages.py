"""Every workshop page, as an administrator sees it with the demo data: no inline script or style, nothing
loaded from elsewhere, and pictures served only through the permission-checked view."""
import re

from .test_special_categories import crawl


def test_workshop_pages_keep_to_the_content_security_policy(seeded, client, auth):
    auth.login_as("admin")
    pages = {url: text for url, text in crawl(client).items() if "<html" in text}
    assert len(pages) > 50
    for url, text in pages.items():
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or 'type="application/json"' in tag, f"inline script on {url}"
        assert " style=" not in text and "<style" not in text, f"inline style on {url}"
        for link in re.findall(r'(?:src|href)="([^"]+)"', text):
            assert not re.match(r"^(https?:)?//", link), f"{link} on {url} is loaded from elsewhere"
            assert "/static/" not in link or "uploads" not in link
        for image in re.findall(r'<img [^>]*src="([^"]+)"', text):
            assert re.fullmatch(r"/workshops/artifacts/\d+/(image|thumbnail)", image), image
