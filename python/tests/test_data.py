"""The preference score of AutoEq's published measurements: the CLI's and AutoEq's own numbers (third-party data)."""
import json
import os
import subprocess

import pytest

import iemlab

# AutoEq results/RANKING.md (jaakkopasanen/AutoEq; see tests/cli/analysis.cmake): score rounded to an integer,
# std and mean to 0.01.
PUBLISHED = {
    "Etymotic ER2SR.csv": (42, 4.41, 2.83),
    "Etymotic ER4XR.csv": (61, 3.16, 2.20),
    "Shure SE846.csv": (76, 1.90, 1.59),
    "Campfire Audio Andromeda.csv": (55, 3.48, 3.63),
}


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_autoeq_scores(data_dir, name):
    target = iemlab.read_response(data_dir / "autoeq" / "harman_in-ear_2019v2.csv")
    s = iemlab.preference_score(iemlab.read_response(data_dir / "autoeq" / name), target)
    score, std, mean = PUBLISHED[name]
    assert round(s.score) == score and round(s.std, 2) == std and round(s.mean, 2) == mean
    cli = os.environ.get("IEMLAB_CLI")
    if not cli or not os.path.exists(cli):
        pytest.skip("IEMLAB_CLI (the iemlab executable) not given: compared with AutoEq's numbers only")
    out = subprocess.run([cli, "score", str(data_dir / "autoeq" / name), "--target",
                          str(data_dir / "autoeq" / "harman_in-ear_2019v2.csv"), "--json"],
                         check=True, capture_output=True, text=True).stdout
    j = json.loads(out)
    assert s.score == pytest.approx(j["score"], abs=1e-9)
    assert s.std == pytest.approx(j["std"], abs=1e-9) and s.slope == pytest.approx(j["slope"], abs=1e-9)
