"""Bootstrap helper shared by the scripts in this folder.

``ensure()`` makes sure the script runs under the pinned virtual environment
scripts/.venv: when called from any other interpreter it runs
scripts/setup-venv.sh (which creates/refreshes the venv and prints its python)
and re-executes the current script with that python and the same arguments.
Call it before importing any third-party module.
"""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VENV = os.path.join(HERE, ".venv")


def ensure():
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    if os.environ.get("INFOCERT_VENV_BOOTSTRAPPED"):
        sys.exit("scripts/_venv.py: re-exec did not land in scripts/.venv; giving up")
    out = subprocess.run(
        ["bash", os.path.join(HERE, "setup-venv.sh")], check=True, stdout=subprocess.PIPE, text=True
    ).stdout
    python = out.strip().splitlines()[-1]
    env = dict(os.environ, INFOCERT_VENV_BOOTSTRAPPED="1")
    script = os.path.abspath(sys.argv[0])
    os.execve(python, [python, script] + sys.argv[1:], env)
