"""Uploaded pictures: decoded to check them, cleaned of metadata, thumbnailed, and served only to staff."""
import io
import pytest
from PIL import Image

from cocreate.extensions import db
from cocreate.workshops import images, services
from cocreate.workshops.models import Artifact, Workshop

from .conftest import image_bytes

def exif_with_location():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "Model X"
    exif[0x0112] = 6  # rotated: the stored picture must come out upright
    return exif.tobytes()


def test_exif_is_removed_and_orientation_applied(app, ctx):
    data = image_bytes("JPEG", size=(80, 40), exif=exif_with_location())
    assert b"PhoneMaker" in data
    stored = images.store(data)
    saved = images.path_of(stored.filename).read_bytes()
    assert b"PhoneMaker" not in saved and b"Exif" not in saved
    with Image.open(io.BytesIO(saved)) as image:
        assert dict(image.getexif()) == {}
        assert image.size == (40, 80)  # turned upright as the camera meant
    assert (stored.width, stored.height, stored.content_type) == (40, 80, "image/jpeg")
    assert images.path_of(stored.filename, thumbnail=True).exists()


def test_thumbnails_are_small(app, ctx):
    stored = images.store(image_bytes("PNG", size=(2000, 1000)))
    with Image.open(images.path_of(stored.filename, thumbnail=True)) as thumb:
        assert max(thumb.size) <= 480


@pytest.mark.parametrize("data", [b"%PDF-1.4 not a picture", b"GIF89a broken", image_bytes("JPEG")[:60], b""])
def test_what_is_not_a_picture_is_refused(app, ctx, data):
    with pytest.raises(images.ImageRejected):
        images.store(data)


def test_oversized_files_and_pixel_bombs_are_refused(app, ctx):
    app.config["WORKSHOP_MAX_IMAGE_BYTES"] = 1000
    with pytest.raises(images.ImageRejected, match="larger than"):
        images.store(image_bytes("PNG", size=(400, 400), colour=None) + b"\0" * 2000)
    app.config["WORKSHOP_MAX_IMAGE_BYTES"] = 10_000_000
    app.config["WORKSHOP_MAX_IMAGE_PIXELS"] = 100
    with pytest.raises(images.ImageRejected, match="too many pixels"):
        images.store(image_bytes("PNG", size=(20, 20)))


def _upload(client, workshop_id, data, filename="map.jpg"):
    return client.post(f"/workshops/{workshop_id}/artifacts/new", content_type="multipart/form-data", data={
        "image": (io.BytesIO(data), filename), "kind": "context_map", "title": "Context map: work",
        "description": "", "activity": "0"})


def test_upload_then_view_with_permission_only(world, client, auth, app):
    auth.login_as("facilitator")
    response = _upload(client, world["workshop"], image_bytes("JPEG", exif=exif_with_location()))
    assert response.status_code == 302
    with app.app_context():
        artifact = db.session.query(Artifact).one()
        artifact_id = artifact.id
    page = client.get(f"/workshops/{world['workshop']}").get_data(as_text=True)
    assert f"/workshops/artifacts/{artifact_id}/thumbnail" in page
    with client.get(f"/workshops/artifacts/{artifact_id}/image") as picture:
        assert picture.status_code == 200 and picture.mimetype == "image/jpeg" and b"PhoneMaker" not in picture.data
        assert "no-store" in picture.headers["Cache-Control"]
    auth.logout()
    assert client.get(f"/workshops/artifacts/{artifact_id}/image").status_code == 302  # to the login page
    auth.login_as("officer")
    assert client.get(f"/workshops/artifacts/{artifact_id}/thumbnail").status_code == 403


def test_upload_of_a_non_picture_says_why_and_stores_nothing(world, client, auth, app, uploads):
    auth.login_as("facilitator")
    response = _upload(client, world["workshop"], b"MZ\x90\x00 an executable", filename="map.jpg")
    assert response.status_code == 200
    assert "not a picture we can read" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(Artifact).count() == 0
    assert not uploads.exists() or not any(uploads.iterdir())


def test_a_request_above_the_server_limit_gets_the_file_too_large_page(world, client, auth, app):
    app.config["MAX_CONTENT_LENGTH"] = 50_000
    auth.login_as("facilitator")
    response = _upload(client, world["workshop"], b"\xff" * 60_000)
    assert response.status_code == 413
    assert "File too large" in response.get_data(as_text=True)


def test_storyboard_frames_keep_their_order_and_pictures(world, app, ctx):
    workshop = db.session.get(Workshop, world["workshop"])
    board = services.create_storyboard(workshop, title="Job search", actor=None)
    services.add_frame(board, caption="Advert on WhatsApp", upload=image_bytes("PNG"), actor=None)
    services.add_frame(board, caption="Waiting", reactions="Laughter", actor=None)
    assert [(f.position, f.caption, f.artifact is not None) for f in board.frames] == [
        (1, "Advert on WhatsApp", True), (2, "Waiting", False)]
    assert board.frames[0].artifact.kind.value == "storyboard"
    assert images.path_of(board.frames[0].artifact.filename).exists()


def one_colour_png(size):
    out = io.BytesIO()
    Image.new("1", size).save(out, "PNG")
    return out.getvalue()


def test_a_small_file_declaring_millions_of_pixels_is_refused_before_decoding(app, ctx, monkeypatch):
    data = one_colour_png((6300, 6300))  # what the probe sent: 5 KB that take 436 MB to decode
    assert len(data) < 20_000
    decoded = []
    monkeypatch.setattr(Image.Image, "load", lambda self: decoded.append(self) or None)
    monkeypatch.setattr("PIL.ImageFile.ImageFile.load", lambda self: decoded.append(self) or None)
    with pytest.raises(images.ImageRejected, match="too many pixels"):
        images.store(data)
    assert decoded == []


def test_a_photo_from_a_phone_camera_is_taken(app, ctx):
    stored = images.store(one_colour_png((4000, 3000)))  # 12 megapixels, as phones take them
    assert (stored.width, stored.height) == (4000, 3000)


def test_only_a_few_pictures_are_decoded_at_once(app, ctx):
    app.config.update(IMAGE_DECODES_AT_ONCE=1, IMAGE_DECODE_WAIT=0)
    data = image_bytes("PNG", size=(20, 20))
    images.store(data)  # the place to decode is free again after each picture
    semaphore = app.extensions["image_decodes"]
    assert semaphore.acquire(timeout=0)  # another upload is being decoded
    try:
        with pytest.raises(images.ImageRejected, match="Send this one again in a minute"):
            images.store(data)
    finally:
        semaphore.release()
    assert images.store(data).width == 20
