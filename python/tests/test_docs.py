"""help(iemlab) is the reference: every public class, function, method and property has a docstring."""
import inspect

import iemlab


def test_every_public_name_is_documented():
    missing = []
    for name, obj in vars(iemlab).items():
        if name.startswith("_") or not (inspect.isclass(obj) or callable(obj)):
            continue
        doc = inspect.getdoc(obj) or ""
        # pybind11 puts the signature first; a documented function has text beyond it.
        if len(doc.strip().splitlines()) < 2 and not inspect.isclass(obj):
            missing.append(name)
        if inspect.isclass(obj):
            if not (obj.__doc__ or "").strip():
                missing.append(name)
            for member, value in vars(obj).items():
                if member.startswith("_"):
                    continue
                text = (getattr(value, "__doc__", None) or "").strip()
                if isinstance(value, property):
                    ok = bool(text)
                else:
                    ok = len(text.splitlines()) >= 2 or "\n" in text or (text and "(" not in text.splitlines()[0])
                if not ok:
                    missing.append(f"{name}.{member}")
    assert not missing, missing
    assert iemlab.__version__.count(".") == 2
