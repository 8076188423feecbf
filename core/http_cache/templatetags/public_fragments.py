"""`{% public_fragment spec %}…{% endpublic_fragment %}`: a part of a public page kept
in the cache under the content version (`core.http_cache.fragments`).

`spec` is what `fragments.fragment_context` put in the context: {"key", "seconds"}
for a public view, None otherwise (an editor, a preview, a private page, the cache
turned off), when the part is rendered as if the tag were not there and nothing is
read from or written to the cache.
"""

from django import template
from django.core.cache import InvalidCacheBackendError, caches

register = template.Library()


def fragment_cache():
    """The cache `{% cache %}` uses: "template_fragments" if configured, else the default."""
    try:
        return caches["template_fragments"]
    except InvalidCacheBackendError:
        return caches["default"]


class PublicFragmentNode(template.Node):
    def __init__(self, nodelist, spec):
        self.nodelist = nodelist
        self.spec = spec

    def render(self, context):
        spec = self.spec.resolve(context)
        if not spec:
            return self.nodelist.render(context)
        cache = fragment_cache()
        value = cache.get(spec["key"])
        if value is None:
            value = self.nodelist.render(context)
            cache.set(spec["key"], value, spec["seconds"])
        return value


@register.tag("public_fragment")
def public_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' takes one argument: the fragment's spec")
    nodelist = parser.parse(("endpublic_fragment",))
    parser.delete_first_token()
    return PublicFragmentNode(nodelist, parser.compile_filter(bits[1]))
