from cocreate.signals import emit


def test_emit_reaches_subscribers_with_actor_action_and_object(changes):
    obj, actor = object(), object()
    assert emit("tests.poked", obj, actor=actor, reason="x") is obj
    assert changes == [("tests.poked", obj, actor, {"reason": "x"})]
