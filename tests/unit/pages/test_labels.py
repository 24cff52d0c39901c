"""The label checker itself (tests/labels.py): it finds what it must and nothing else."""
from tests.labels import control_labels, label_problems


def test_labels_of_each_kind_are_read():
    html = """<form><label for="a">Public reason for suspending</label><select id="a" name="a">
    </select><label>Score <input name="b"></label><input aria-label="Search" name="c">
    <h2 id="h">Languages</h2><input aria-labelledby="h" name="d">
    <input type="hidden" name="csrf"><button type="submit">Go</button></form>"""
    assert control_labels(html) == [("a", "Public reason for suspending"), ("b", "Score"),
                                    ("c", "Search"), ("d", "Languages")]
    assert label_problems(html) == []


def test_two_fields_with_one_label_and_an_unlabelled_field_are_problems():
    html = """<label for="s">Public reason</label><select id="s" name="s-reason"></select>
    <label for="r">Public reason</label><select id="r" name="r-reason"></select>
    <input name="orphan">"""
    assert label_problems(html) == ["orphan: no label",
                                    "'Public reason' labels 2 fields: s-reason, r-reason"]


def test_check_boxes_are_named_with_their_group():
    html = """<fieldset><legend>Amina</legend><label><input type="radio" name="a" value="p">
    Passed</label></fieldset><fieldset><legend>Brian</legend><label><input type="radio" name="b"
    value="p"> Passed</label></fieldset>"""
    assert control_labels(html) == [("a", "Amina: Passed"), ("b", "Brian: Passed")]
    assert label_problems(html) == []
