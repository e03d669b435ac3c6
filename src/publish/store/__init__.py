"""Where bytes land: output files, the build cache and reproducible archives.

- ``output``: atomic writes (temporary file, then rename), so no reader sees half a file;
- ``cache``: the content-addressed build cache in ``.cache/publish/``;
- ``ziputil``: EPUB and PPTX zips rewritten into byte-identical form.
"""
