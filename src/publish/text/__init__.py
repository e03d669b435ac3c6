"""The interview's words: copy-editing, script conversion and language-dependent text.

- ``typography``: the Chinese copy-editing pass run on every build (and ``check --lint``);
- ``variant``: the Traditional Chinese editions, converted with OpenCC;
- ``rewrite``: the helper both use to change text while keeping structure and inline runs;
- ``language``: language tags as the model, fontconfig and Office spell them;
- ``labels``: the fixed words the outputs add (目录, 来源 ...), per language.

Nothing here knows an output format: each module maps a model to a model, or a language
tag to words.
"""
