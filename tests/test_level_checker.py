"""The playability checker rejects hand-made unplayable levels and accepts fair ones."""

from __future__ import annotations

from tools.level.check import check_level
from tools.level.grid import Door, Key, Level, Room, from_rows


def top_down(rows: list[str], start: tuple[int, int], goal: tuple[int, int], **extra) -> Level:  # noqa: ANN003
    return Level(kind="dungeon", grid=from_rows(rows), start=start, goal=goal, **extra)


def test_a_fair_lock_and_key_level_passes() -> None:
    rows = ["#######",
            "#..D..#",
            "#######"]
    level = top_down(rows, (1, 1), (5, 1), doors=[Door("d1", 3, 1, "k1")], keys=[Key("k1", 2, 1, "red", ["d1"])])
    verdict = check_level(level)
    assert verdict.passed, verdict.problems
    assert verdict.path_length == 4 and verdict.path[0] == (1, 1) and verdict.path[-1] == (5, 1)
    assert verdict.report()["keys_before_doors"] is True


def test_unreachable_goal_is_rejected() -> None:
    rows = ["#######",
            "#..#..#",
            "#######"]
    verdict = check_level(top_down(rows, (1, 1), (5, 1)))
    assert not verdict.passed and not verdict.reachable and verdict.path_length == -1
    assert any("cannot be reached" in problem for problem in verdict.problems)


def test_a_key_behind_its_own_door_is_rejected() -> None:
    rows = ["########",
            "#..D...#",
            "########"]
    level = top_down(rows, (1, 1), (6, 1), doors=[Door("d1", 3, 1, "k1")], keys=[Key("k1", 5, 1, "red", ["d1"])])
    verdict = check_level(level)
    assert not verdict.passed and not verdict.keys_before_doors and not verdict.reachable


def test_keys_must_come_in_an_order_that_works() -> None:
    # key 2 lies behind door 1 and key 1 behind door 2: a deadlock, though every key has a door
    rows = ["###########",
            "#.D.....D.#",
            "###########"]
    level = top_down(rows, (5, 1), (1, 1),
                     doors=[Door("d1", 2, 1, "k1"), Door("d2", 8, 1, "k2")],
                     keys=[Key("k1", 9, 1, "red", ["d1"]), Key("k2", 1, 1, "blue", ["d2"])])
    verdict = check_level(level)
    assert not verdict.passed and not verdict.keys_before_doors and not verdict.reachable


def test_a_one_way_drop_into_a_dead_end_is_a_softlock() -> None:
    rows = ["#########",
            "#...v...#",
            "#.#######",
            "#......##",
            "#########"]
    # from (3, 1) the player may drop across the ledge to (5, 1) but never climb back; the goal
    # is at the bottom left, so that drop strands them
    level = top_down(rows, (1, 1), (6, 3), one_way=[((3, 1), (5, 1))])
    verdict = check_level(level)
    assert verdict.reachable and not verdict.passed
    assert verdict.softlocks == 3  # (5, 1), (6, 1), (7, 1)
    fair = top_down(rows, (1, 1), (6, 3))
    assert check_level(fair).passed


def test_required_rooms_must_be_reachable() -> None:
    rows = ["#######",
            "#..#..#",
            "#######"]
    level = top_down(rows, (1, 1), (2, 1), rooms=[Room("r1", 4, 1, 2, 1, "treasure")])
    verdict = check_level(level)
    assert verdict.reachable and not verdict.required_rooms_reachable and not verdict.passed


def side(rows: list[str], start: tuple[int, int], goal: tuple[int, int], *, jump_height: int = 3,
         jump_length: int = 4, **extra) -> Level:  # noqa: ANN003
    return Level(kind="platformer", view="side", grid=from_rows(rows), start=start, goal=goal,
                 jump_height=jump_height, jump_length=jump_length, **extra)


STRIP = ["              ",
         "              ",
         "              ",
         "              ",
         "====    ======",
         "====xxxx======"]


def test_a_gap_within_the_jump_length_passes_and_a_wider_one_fails() -> None:
    assert check_level(side(STRIP, (0, 3), (12, 3), jump_length=5)).passed  # 4 missing tiles: a 5-tile jump
    verdict = check_level(side(STRIP, (0, 3), (12, 3), jump_length=4))
    assert not verdict.passed and not verdict.reachable


def test_a_ledge_above_the_jump_height_is_out_of_reach() -> None:
    rows = ["          ",
            "      ====",
            "      ====",
            "      ====",
            "      ====",
            "=========="]
    assert not check_level(side(rows, (0, 4), (8, 0), jump_height=3)).reachable
    assert check_level(side(rows, (0, 4), (8, 0), jump_height=4)).passed


def test_a_pit_too_deep_to_jump_out_of_is_a_softlock() -> None:
    rows = ["             ",
            "             ",
            "             ",
            "             ",
            "===   =======",
            "===   =======",
            "===   =======",
            "===   =======",
            "============="]
    # jumping the 3-tile gap works, but walking into the pit leaves the player 4 tiles down
    verdict = check_level(side(rows, (0, 3), (11, 3), jump_height=2, jump_length=4))
    assert verdict.reachable and verdict.softlocks > 0 and not verdict.passed


def test_a_locked_gate_needs_its_key_in_a_platformer() -> None:
    rows = ["   D   ",
            "   D   ",
            "   D   ",
            "======="]
    doors = [Door(f"d{i}", 3, i, "k1") for i in range(3)]
    with_key = side(rows, (0, 2), (6, 2), doors=doors, keys=[Key("k1", 1, 2, "red", [d.id for d in doors])])
    assert check_level(with_key).passed
    behind = side(rows, (0, 2), (6, 2), doors=doors, keys=[Key("k1", 5, 2, "red", [d.id for d in doors])])
    verdict = check_level(behind)
    assert not verdict.passed and not verdict.keys_before_doors
