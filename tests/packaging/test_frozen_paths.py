"""Where the program finds its files when frozen, and where the clerk's data goes on Windows."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import platformdirs.windows
import pytest

from evaldesk.core import paths
from evaldesk.export import fonts

REPO = Path(__file__).resolve().parents[2]


def test_source_tree_resources_are_the_repository_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    found = paths.find_resources()
    assert found == REPO / "resources"
    assert (found / "fonts" / fonts.BUNDLED["serif"]).is_file()
    assert (found / "sample" / "sample.json").is_file()


def test_frozen_bundle_resources_are_under_meipass(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    internal = tmp_path / "evaldesk" / "_internal"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "evaldesk" / "evaldesk.exe"))
    assert paths.find_resources() == internal / "resources"


def test_frozen_without_meipass_looks_beside_the_program(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Other freezers (cx_Freeze, Nuitka standalone) set sys.frozen but not _MEIPASS.
    app = tmp_path / "app"
    app.mkdir()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    monkeypatch.setattr(sys, "executable", str(app / "evaldesk"))
    assert paths.find_resources() == app / "resources"


def test_resource_reads_the_module_level_root(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(paths, "RESOURCES", tmp_path / "resources")
    assert paths.resource("rulesets", "mof2020.json") == tmp_path / "resources" / "rulesets" / "mof2020.json"


def _windows_shell_folders(monkeypatch: pytest.MonkeyPatch, *, local: Path, roaming: Path) -> None:
    """Answer platformdirs' questions to the Windows shell (SHGetFolderPath) with these folders."""
    folders = {"CSIDL_LOCAL_APPDATA": str(local), "CSIDL_APPDATA": str(roaming)}
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", folders.__getitem__)


def test_windows_data_folder_is_local_appdata_evaldesk(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # On Windows the drafts, backups and logs go to %LOCALAPPDATA%\EvalDesk: per user, not roaming (a
    # roaming profile would copy every draft at logon), never under the read-only install folder, and
    # with no "author" level (EvalDesk\EvalDesk).
    local, roaming = tmp_path / "Local", tmp_path / "Roaming"
    monkeypatch.delenv("EVALDESK_DATA_DIR", raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    _windows_shell_folders(monkeypatch, local=local, roaming=roaming)
    install = tmp_path / "Program Files" / "EvalDesk" / "_internal"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(install), raising=False)
    data = paths.user_data_dir()
    assert data == local / "EvalDesk"
    assert paths.backups_dir() == local / "EvalDesk" / "backups" and paths.backups_dir().is_dir()
    assert paths.logs_dir() == local / "EvalDesk" / "logs" and paths.logs_dir().is_dir()
    assert not roaming.exists()
    assert install not in data.parents and paths.find_resources() == install / "resources"


def test_data_folder_override_wins_on_windows_too(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # A clerk running the portable zip from a USB stick can keep the data beside it with EVALDESK_DATA_DIR.
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    _windows_shell_folders(monkeypatch, local=tmp_path / "Local", roaming=tmp_path / "Roaming")
    monkeypatch.setenv("EVALDESK_DATA_DIR", str(tmp_path / "stick" / "data"))
    assert paths.user_data_dir() == tmp_path / "stick" / "data"
    assert not (tmp_path / "Local").exists()


def test_windows_fangsong_is_found_in_windir_fonts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    windir = tmp_path / "Windows"
    (windir / "Fonts").mkdir(parents=True)
    (windir / "Fonts" / "simfang.ttf").write_bytes(b"\x00\x01\x00\x00")
    monkeypatch.setenv("WINDIR", str(windir))
    monkeypatch.setattr(Path, "home", lambda: tmp_path / "home")
    found = fonts.find_system_fangsong()
    assert found == windir / "Fonts" / "simfang.ttf"


def test_windows_fangsong_installed_for_this_user_only_is_found(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    local = tmp_path / "Local"
    (local / "Microsoft" / "Windows" / "Fonts").mkdir(parents=True)
    (local / "Microsoft" / "Windows" / "Fonts" / "simfang.ttf").write_bytes(b"\x00\x01\x00\x00")
    monkeypatch.setenv("WINDIR", str(tmp_path / "Windows"))  # no 仿宋 for all users
    monkeypatch.setenv("LOCALAPPDATA", str(local))
    monkeypatch.setattr(Path, "home", lambda: tmp_path / "home")
    assert fonts.find_system_fangsong() == local / "Microsoft" / "Windows" / "Fonts" / "simfang.ttf"
