"""A person, and a reference, as data: one shape for the API and for JSON-LD."""

from wagtail.images import get_image_model

PHOTO_SPEC = "fill-160x160-c50"


def photo_renditions():
    """The image queryset that brings people's photo renditions along (listings)."""
    return get_image_model().objects.prefetch_renditions(PHOTO_SPEC)


def photo_data(person):
    if person.photo is None:
        return None
    rendition = person.photo.get_rendition(PHOTO_SPEC)
    return {
        "url": rendition.url,
        "width": rendition.width,
        "height": rendition.height,
        "alt": person.name,
    }


def person_data(person):
    """What apps show about an author or reviewer; never their admin account."""
    if person is None:
        return None
    return {
        "name": person.name,
        "credentials": person.credentials,
        "role": person.role,
        "npi": person.npi,
        "bio": person.bio,
        "profile_url": person.profile_url,
        "photo": photo_data(person),
    }


def person_jsonld(person):
    """A schema.org Person (with the NPI as an identifier when there is one)."""
    data = {"@type": "Person", "name": person.name}
    if person.credentials:
        data["honorificSuffix"] = person.credentials
    if person.role:
        data["jobTitle"] = person.role
    if person.profile_url:
        data["url"] = person.profile_url
    if person.npi:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "NPI", "value": person.npi}
    return data


def citation_jsonld(reference):
    """A schema.org CreativeWork for one reference (a `ReferenceValue`)."""
    data = {"@type": "CreativeWork", "name": reference["title"]}
    if reference.get("authors"):
        data["author"] = reference["authors"]
    if reference.get("publisher"):
        data["publisher"] = reference["publisher"]
    if reference.get("year"):
        data["datePublished"] = str(reference["year"])
    identifiers = []
    if reference.get("doi"):
        identifiers.append(
            {"@type": "PropertyValue", "propertyID": "DOI", "value": reference["doi"]}
        )
    if reference.get("pmid"):
        identifiers.append(
            {"@type": "PropertyValue", "propertyID": "PMID", "value": reference["pmid"]}
        )
    if identifiers:
        data["identifier"] = identifiers
    if reference.link:
        data["url"] = reference.link
    return data
