"""Photos: only real JPEG and PNG pictures, re-encoded clean, cropped to the badge portrait, stored privately."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from delegates.registration.photos import delete_photo, photo_path, send_photo, store_photo
from delegates.registration.validation import FieldError

GPS_INFO = 0x8825
MAKE, MODEL, ORIENTATION = 0x010F, 0x0110, 0x0112


def jpeg(size=(1200, 1600), colour="steelblue", exif=None, **save) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", exif=exif if exif is not None else b"", **save)
    buffer.seek(0)
    return buffer


def png(image: Image.Image) -> io.BytesIO:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    buffer.seek(0)
    return buffer


def exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    exif[MODEL] = "Phone 12"
    exif[GPS_INFO] = {1: "N", 2: (41.0, 54.0, 0.0), 3: "E", 4: (12.0, 27.0, 0.0)}  # Rome
    return exif


def stored(app, name: str) -> Image.Image:
    with app.app_context():
        image = Image.open(photo_path(name))
        image.load()
        return image


def refused(app, stream) -> str:
    with app.app_context(), pytest.raises(FieldError) as error:
        store_photo(stream)
    assert error.value.field == "photo"
    assert list(Path(app.config["PHOTO_FOLDER"]).glob("*")) == [], "nothing is left behind"
    return error.value.message


def test_a_phone_photo_loses_its_exif_and_gps_position(app):
    original = jpeg(exif=exif_with_gps())
    assert Image.open(original).getexif().get_ifd(GPS_INFO), "the test photo carries a position"
    original.seek(0)

    with app.app_context():
        name = store_photo(original)
    image = stored(app, name)

    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info and "icc_profile" not in image.info and "comment" not in image.info
    raw = Path(app.config["PHOTO_FOLDER"], name).read_bytes()
    assert b"Exif" not in raw and b"PhoneMaker" not in raw


def test_icc_profiles_and_comments_are_dropped_too(app):
    with app.app_context():
        name = store_photo(jpeg(icc_profile=b"\0" * 200 + b"secret profile", comment=b"taken at home"))
    raw = Path(app.config["PHOTO_FOLDER"], name).read_bytes()
    assert b"secret profile" not in raw and b"taken at home" not in raw


def test_a_photo_taken_sideways_is_stored_upright(app):
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # the camera was turned: the picture must be rotated 90° clockwise
    with app.app_context():
        name = store_photo(jpeg(size=(1600, 1200), exif=exif))
    assert stored(app, name).size == (600, 800)


def test_a_png_becomes_a_three_by_four_jpeg(app):
    with app.app_context():
        name = store_photo(png(Image.new("RGB", (1000, 1000), "olive")))
    image = stored(app, name)
    assert image.format == "JPEG"
    assert image.size == (600, 800)


def test_transparent_parts_of_a_png_become_white(app):
    with app.app_context():
        name = store_photo(png(Image.new("RGBA", (900, 1200), (0, 0, 0, 0))))
    assert stored(app, name).getpixel((300, 400)) >= (250, 250, 250)


def test_a_landscape_photo_is_cropped_to_the_portrait_around_its_centre(app):
    picture = Image.new("RGB", (4000, 1000), "white")
    picture.paste((200, 0, 0), (1500, 0, 2500, 1000))  # a red band in the middle third
    with app.app_context():
        name = store_photo(png(picture))
    image = stored(app, name)
    assert image.size == (600, 800)
    red, green, blue = image.getpixel((300, 400))
    assert red > 150 and green < 60 and blue < 60, "the middle is kept"


def test_a_tall_photo_keeps_more_of_the_top_where_the_face_is(app):
    picture = Image.new("RGB", (600, 2000), "white")
    # a band that a crop around the centre (rows 600 to 1400) would cut off, but ours keeps
    picture.paste((0, 0, 200), (0, 450, 600, 550))
    with app.app_context():
        name = store_photo(png(picture))
    image = stored(app, name)
    assert image.size == (600, 800)
    assert any(blue > 150 and red < 60 for red, green, blue in (image.getpixel((300, y)) for y in range(0, 200, 5)))


def test_a_small_photo_is_not_enlarged(app):
    with app.app_context():
        name = store_photo(jpeg(size=(300, 300)))
    assert stored(app, name).size == (225, 300)


def test_the_stored_photo_has_a_random_name_outside_static(app):
    with app.app_context():
        first, second = store_photo(jpeg()), store_photo(jpeg())
        path = photo_path(first)
    assert first != second
    assert len(first) >= 36 and first.endswith(".jpg")
    assert Path(app.static_folder).resolve() not in path.resolve().parents
    assert path.is_file()


def test_a_decompression_bomb_is_refused(app):
    bomb = png(Image.new("1", (20000, 20000)))
    assert len(bomb.getvalue()) < 200_000, "a small file that declares 400 megapixels"
    assert "too large" in refused(app, bomb)


def test_a_photo_over_the_pixel_limit_is_refused_with_its_size(app):
    big = png(Image.new("1", (9000, 3000)))  # 27 megapixels, but wider than 8,000 pixels
    assert "9000 × 3000" in refused(app, big)


@pytest.mark.parametrize("content", [
    b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\nnewpath 0 0 moveto 100 100 lineto stroke\n%%EOF\n",
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert(1)</script></svg>',
    b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>",
    b"MZ\x90\x00" + b"\0" * 200,
], ids=["eps", "svg", "html-named-photo.jpg", "program"])
def test_files_that_are_not_photos_are_refused(app, content):
    stream = io.BytesIO(content)
    stream.name = "photo.jpg"
    assert refused(app, stream) == ("This file is not a JPEG or PNG photo. "
                                    "Please send a photo in one of these two formats.")


@pytest.mark.parametrize("fmt", ["GIF", "WEBP", "BMP", "TIFF"])
def test_other_image_formats_are_refused(app, fmt):
    buffer = io.BytesIO()
    Image.new("RGB", (300, 400), "red").save(buffer, fmt)
    buffer.seek(0)
    assert "not a JPEG or PNG" in refused(app, buffer)


def test_a_truncated_photo_is_refused(app):
    noisy = Image.effect_noise((1200, 1600), 64).convert("RGB")  # enough data that the cut loses pixels
    buffer = io.BytesIO()
    noisy.save(buffer, "JPEG")
    whole = buffer.getvalue()
    assert "incomplete or damaged" in refused(app, io.BytesIO(whole[: len(whole) // 2]))


def test_a_photo_over_5_mb_is_refused(app):
    six_mb = io.BytesIO(jpeg().getvalue() + b"\0" * (6 * 1024 * 1024))
    assert refused(app, six_mb) == "The photo is larger than 5 MB; please send a smaller one."


def test_an_empty_file_is_refused(app):
    assert "empty" in refused(app, io.BytesIO(b""))


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "..", "", "x.jpg",
                                  "A" * 32 + ".jpg/../../secret_key", "A" * 32 + ".png"])
def test_photo_path_refuses_names_it_did_not_make(app, name):
    with app.app_context(), pytest.raises(ValueError):
        photo_path(name)


def test_deleting_a_photo_removes_the_file_and_ignores_foreign_names(app):
    with app.app_context():
        name = store_photo(jpeg())
        delete_photo(name)
        delete_photo("../../etc/passwd")
        delete_photo(None)
        assert not photo_path(name).exists()


def test_the_photo_is_sent_as_a_jpeg_that_no_cache_keeps(app, new_participant):
    with app.app_context():
        name = store_photo(jpeg())
    with app.test_request_context():
        response = send_photo(new_participant(photo_filename=name))
        response.direct_passthrough = False
        assert response.status_code == 200
        assert response.mimetype == "image/jpeg"
        assert "no-store" in response.headers["Cache-Control"] and "private" in response.headers["Cache-Control"]
        assert response.get_data()[:3] == b"\xff\xd8\xff"
        response.close()


@pytest.mark.parametrize("filename", [None, "A" * 32 + ".jpg", "../../etc/passwd"])
def test_no_photo_is_a_404(app, new_participant, filename):
    from werkzeug.exceptions import NotFound

    with app.test_request_context(), pytest.raises(NotFound):
        send_photo(new_participant(photo_filename=filename))


def test_a_photo_that_pillow_only_warns_about_is_refused_as_well(app):
    # 100 megapixels: above Pillow's warning threshold (89 MP) and below its own refusal (179 MP)
    assert "too large" in refused(app, png(Image.new("1", (10000, 10000))))
