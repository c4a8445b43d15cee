import pytest

from hcs.crypto import CryptoError, Keyring, new_key

K1, K2 = new_key(), new_key()


def ring(active="k1", **keys):
    return Keyring.from_config(active, keys or {"k1": K1})


def test_a_value_round_trips_and_each_encryption_differs():
    keys = ring()
    first, second = (keys.encrypt(b"Black British", "victims.ethnicity") for _ in range(2))
    assert first != second and b"Black" not in first.encode()
    assert keys.decrypt(first, "victims.ethnicity") == b"Black British"
    assert Keyring.key_id(first) == "k1"


def test_a_value_moved_to_another_column_or_tampered_does_not_decrypt():
    keys = ring()
    token = keys.encrypt(b"Muslim", "victims.religion")
    with pytest.raises(CryptoError, match="wrong key or tampered"):
        keys.decrypt(token, "victims.notes")
    prefix, kid, body = token.split(":")
    flipped = body[:-4] + ("AAAA" if body[-4:] != "AAAA" else "BBBB")
    with pytest.raises(CryptoError):
        keys.decrypt(f"{prefix}:{kid}:{flipped}", "victims.religion")


def test_old_values_stay_readable_after_rotation_and_an_unknown_key_is_named():
    old = ring().encrypt(b"x", "c")
    rotated = ring("k2", k1=K1, k2=K2)
    assert rotated.decrypt(old, "c") == b"x"
    assert Keyring.key_id(rotated.encrypt(b"x", "c")) == "k2"
    with pytest.raises(CryptoError, match="'k1', which is not configured"):
        ring("k2", k2=K2).decrypt(old, "c")
