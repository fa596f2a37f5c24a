"""Bootstrap helper shared by the scripts in this folder.

``ensure()`` makes sure the script runs under the pinned virtual environment
scripts/.venv: when called from any other interpreter it runs
scripts/setup-venv.sh (which creates/refreshes the venv and prints its python)
and re-executes the current script with that python and the same arguments.
Call it before importing any third-party module.

``ensure("NAME")`` does the same with the separate venv scripts/.venv-NAME
(``setup-venv.sh NAME``: requirements-NAME.txt, plus requirements-NAME-nodeps.txt
installed without dependencies), for a peer whose dependencies must not mix
with the main venv's (psitip).
"""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VENV = os.path.join(HERE, ".venv")


def ensure(name=None):
    venv = VENV if name is None else VENV + "-" + name
    if os.path.realpath(sys.prefix) == os.path.realpath(venv):
        return
    if os.environ.get("INFOCERT_VENV_BOOTSTRAPPED"):
        sys.exit(f"scripts/_venv.py: re-exec did not land in {venv}; giving up")
    cmd = ["bash", os.path.join(HERE, "setup-venv.sh")] + ([] if name is None else [name])
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
    python = out.strip().splitlines()[-1]
    env = dict(os.environ, INFOCERT_VENV_BOOTSTRAPPED="1")
    script = os.path.abspath(sys.argv[0])
    os.execve(python, [python, script] + sys.argv[1:], env)
