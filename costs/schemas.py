"""JSON Schemas of the cost objects in the API (the OpenAPI document uses them)."""

STRING = {"type": "string"}
MONEY = {"anyOf": [{"type": "number", "minimum": 0}, {"type": "null"}]}
NULLABLE_STRING = {"anyOf": [STRING, {"type": "null"}]}
YEAR = {"anyOf": [{"type": "integer"}, {"type": "null"}]}


def obj(properties, description=None):
    schema = {
        "type": "object",
        "required": list(properties),
        "properties": properties,
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


AMOUNT = obj(
    {
        "amount": {**MONEY, "description": "US dollars; null when Medicare pays none here."},
        "note": {**NULLABLE_STRING, "description": "Why there is no amount, in plain words."},
        "packaged": {
            "type": "boolean",
            "description": "Paid inside another service's payment: adds nothing to a total.",
        },
    },
    "A national Medicare payment, or why there is none (never a misleading $0).",
)

SETTING = obj(
    {
        "setting": {"type": "string", "enum": ["hospital_outpatient", "surgery_center", "office"]},
        "label": STRING,
        "physician": AMOUNT,
        "facility": AMOUNT,
        "total": {**MONEY, "description": "Physician + facility; null when either is not paid."},
        "patient_pays": {
            **MONEY,
            "description": "20% Part B coinsurance of the total, after the yearly deductible.",
        },
        "note": NULLABLE_STRING,
    }
)

SOURCE = obj(
    {
        "kind": {
            "type": "string",
            "enum": ["pfs_rvu", "pfs_gpci", "pfs_locality", "opps", "asc", "volume"],
        },
        "label": STRING,
        "year": {"type": "integer"},
        "file_name": {"type": "string", "description": "The CMS file the figures come from."},
        "publisher": STRING,
    }
)

PROCEDURE_COSTS_SCHEMA = obj(
    {
        "year": {**YEAR, "description": "The physician fee schedule year; null when none."},
        "sample_data": {
            "type": "boolean",
            "description": "True when the figures come from sample (demo) files.",
        },
        "codes": {
            "type": "array",
            "description": "The page's billing codes in the editor's order, with plain labels "
            "(never CPT descriptors).",
            "items": obj(
                {
                    "code": STRING,
                    "role": {"type": "string", "enum": ["primary", "add_on"]},
                    "label": STRING,
                    "physician_facility": AMOUNT,
                    "physician_office": AMOUNT,
                    "hospital_outpatient": AMOUNT,
                    "surgery_center": AMOUNT,
                }
            ),
        },
        "primaries": {
            "type": "array",
            "description": "Per primary code: the total by setting, and what each extra "
            "level (add-on code) adds.",
            "items": obj(
                {
                    "code": STRING,
                    "settings": {"type": "array", "items": SETTING},
                    "add_ons": {
                        "type": "array",
                        "items": obj(
                            {"code": STRING, "settings": {"type": "array", "items": SETTING}}
                        ),
                    },
                }
            ),
        },
        "sources": {"type": "array", "items": SOURCE},
        "caveats": {"type": "array", "items": STRING},
    },
    "What Original Medicare pays for the procedure, nationally (docs/costs.md). Not a quote.",
)

DOCTOR_FIGURE = obj(
    {
        "code": STRING,
        "label": STRING,
        "place_of_service": {
            "type": "string",
            "enum": ["F", "O"],
            "description": "F: facility; O: office.",
        },
        "services": {"type": "number", "minimum": 0},
        "beneficiaries": {"type": "integer", "minimum": 0},
        "average_allowed_amount": MONEY,
        "state_median_allowed_amount": {
            **MONEY,
            "description": "The median of the averages of the state's doctors for the same "
            "code, place of service and year.",
        },
        "state_doctors": {"type": "integer", "minimum": 0},
    }
)

PROVIDER_COSTS_SCHEMA = {
    "type": "array",
    "description": "Per live procedure the provider is listed for: their Medicare averages "
    "from the by-provider file, beside the state median. `suppressed`: no figure (CMS leaves "
    "out counts under 11 patients).",
    "items": obj(
        {
            "procedure": obj({"id": {"type": "integer"}, "title": STRING}),
            "year": YEAR,
            "suppressed": {"type": "boolean"},
            "note": NULLABLE_STRING,
            "figures": {"type": "array", "items": DOCTOR_FIGURE},
        }
    ),
}
