"""Workshop pictures: the shared checks of `cocreate.pictures`, stored in `WORKSHOP_UPLOAD_FOLDER`.

`WORKSHOP_MAX_IMAGE_BYTES` and `WORKSHOP_MAX_IMAGE_PIXELS` set the limits (default: 12 MB, 24 megapixels).
"""
from ..pictures import ImageRejected, PictureFolder, StoredImage  # noqa: F401

PICTURES = PictureFolder("WORKSHOP", "workshops")

upload_folder = PICTURES.folder
path_of = PICTURES.path_of
store = PICTURES.store
remove_after_commit = PICTURES.remove_after_commit
