"""Section rules, checked on the block itself (the admin tests check the form)."""

import pytest

from wagtail.blocks import StreamBlockValidationError, StreamValue

from procedures.blocks import SECTION_TYPES, ProcedureSectionsBlock


def stream(*types):
    block = ProcedureSectionsBlock()
    return block, StreamValue(
        block,
        [
            (
                name,
                block.child_blocks[name].to_python({"heading": name.title(), "body": "<p>x</p>"}),
            )
            for name in types
        ],
    )


def messages(error):
    return [str(e.message) for e in error.non_block_errors.as_data()]


def test_all_six_sections_in_any_order_are_valid():
    block, value = stream(*reversed(SECTION_TYPES))
    cleaned = block.clean(value)
    assert [child.block_type for child in cleaned] == list(reversed(SECTION_TYPES))


def test_overview_alone_is_enough():
    block, value = stream("overview")
    assert len(block.clean(value)) == 1


def test_missing_overview_is_refused_with_a_message_naming_it():
    block, value = stream("preparation", "risks")
    with pytest.raises(StreamBlockValidationError) as excinfo:
        block.clean(value)
    assert messages(excinfo.value) == [
        "The Overview section is missing: every procedure page needs one. Add an Overview section."
    ]


def test_duplicate_section_is_refused_with_a_message_naming_it():
    block, value = stream("overview", "risks", "recovery", "risks")
    with pytest.raises(StreamBlockValidationError) as excinfo:
        block.clean(value)
    (message,) = messages(excinfo.value)
    assert message.startswith("The Risks section appears 2 times")


def test_wagtails_generic_count_messages_are_replaced_not_repeated():
    block, value = stream("risks", "risks")
    with pytest.raises(StreamBlockValidationError) as excinfo:
        block.clean(value)
    found = messages(excinfo.value)
    assert len(found) == 2
    assert not any("number of items" in message for message in found)


def test_an_empty_stream_gets_one_message_not_wagtails_required_too():
    block, value = stream()
    with pytest.raises(StreamBlockValidationError) as excinfo:
        block.clean(value)
    assert [e.code for e in excinfo.value.non_block_errors.as_data()] == ["missing_section"]


def test_errors_inside_a_section_are_kept_beside_the_count_errors():
    block = ProcedureSectionsBlock()
    risks = block.child_blocks["risks"]
    value = StreamValue(
        block,
        [
            ("risks", risks.to_python({"heading": "Risks", "body": "<p>x</p>"})),
            ("risks", risks.to_python({"heading": "x" * 200, "body": "<p>x</p>"})),
        ],
    )
    with pytest.raises(StreamBlockValidationError) as excinfo:
        block.clean(value)
    codes = [e.code for e in excinfo.value.non_block_errors.as_data()]
    assert codes == ["missing_section", "duplicate_section"]
    assert list(excinfo.value.block_errors) == [1]  # the over-long heading


def test_a_draft_may_lack_the_overview_but_not_repeat_a_section():
    """Saving a draft defers required validation; Wagtail then skips minimums only."""
    block, value = stream("preparation")
    block.defer_required_validation()
    try:
        assert len(block.clean(value)) == 1
        _, repeated = stream("risks", "risks")
        with pytest.raises(StreamBlockValidationError) as excinfo:
            block.clean(repeated)
        codes = [e.code for e in excinfo.value.non_block_errors.as_data()]
        assert codes == ["duplicate_section"]
    finally:
        block.restore_deferred_validation()


def test_generic_blocks_may_repeat():
    block = ProcedureSectionsBlock()
    faq = block.child_blocks["faq_item"]
    value = StreamValue(
        block,
        [
            (
                "overview",
                block.child_blocks["overview"].to_python({"heading": "O", "body": "<p>x</p>"}),
            ),
            ("faq_item", faq.to_python({"question": "Q1?", "answer": "<p>A</p>"})),
            ("faq_item", faq.to_python({"question": "Q2?", "answer": "<p>A</p>"})),
        ],
    )
    assert len(block.clean(value)) == 3


def test_heading_defaults_to_the_section_name():
    block = ProcedureSectionsBlock()
    assert [block.child_blocks[name].get_default()["heading"] for name in SECTION_TYPES] == [
        "Overview",
        "Preparation",
        "Procedure",
        "Recovery",
        "Risks",
        "Aftercare",
    ]
