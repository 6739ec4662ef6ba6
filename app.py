"""Atelier entry point: `python app.py --help` lists the sub-commands."""

from agent.app.cli import main

if __name__ == "__main__":
    main()
