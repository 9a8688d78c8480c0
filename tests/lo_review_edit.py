"""Edit a review file in LibreOffice, as a reviewer would, through its UNO API.

Run by the system Python (which has LibreOffice's `uno` module, Debian's python3-uno):

    /usr/bin/python3 tests/lo_review_edit.py IN.docx OUT.docx EDITS.json PROFILE_DIR

EDITS.json is a list of {"cell": "D5", "text": "...", "mode": "replace" | "append"}: the
text of a table cell (column letter, row number counting the header row as 1) is replaced,
or the text is typed at the end of the cell, keeping the formatting of what is there. The
document is then saved as Word 2007-365 (.docx) and LibreOffice is closed. Prints one line
per edit; exits 1 with a message if LibreOffice refuses anything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]


def prop(name: str, value) -> PropertyValue:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main() -> int:
    source, target, edits_file, profile = sys.argv[1:5]
    pipe = f"diglot_review_{os.getpid()}"
    office = subprocess.Popen(
        [
            "soffice",
            f"-env:UserInstallation={Path(profile).resolve().as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        context = None
        for _ in range(240):  # a first start creates the profile: up to a minute
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except NoConnectException:
                if office.poll() is not None:
                    print("LibreOffice ended before it could be reached", file=sys.stderr)
                    return 1
                time.sleep(0.25)
        if context is None:
            print("LibreOffice could not be reached", file=sys.stderr)
            return 1
        desktop = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", context
        )
        document = desktop.loadComponentFromURL(
            Path(source).resolve().as_uri(), "_blank", 0, (prop("Hidden", True),)
        )
        table = document.getTextTables().getByIndex(0)
        for edit in json.loads(Path(edits_file).read_text(encoding="utf-8")):
            cell = table.getCellByName(edit["cell"])
            if cell is None:
                print(f"no cell {edit['cell']}", file=sys.stderr)
                return 1
            if edit.get("mode") == "append":
                text = cell.getText()
                cursor = text.createTextCursor()
                cursor.gotoEnd(False)
                text.insertString(cursor, edit["text"], False)
            else:
                cell.setString(edit["text"])
            print(f"{edit['cell']}: {cell.getString()}")
        document.storeToURL(
            Path(target).resolve().as_uri(), (prop("FilterName", "MS Word 2007 XML"),)
        )
        document.close(True)
        try:
            desktop.terminate()
        except Exception:  # the bridge goes away as LibreOffice ends
            pass
        office.wait(timeout=60)
        return 0
    finally:
        if office.poll() is None:
            office.kill()
            office.wait()


if __name__ == "__main__":
    raise SystemExit(main())
