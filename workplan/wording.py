"""How the pages and documents say a number in words."""


def counted(n, one, many):
    """A number with the word it counts, as English has it: "1 activity", "2 activities"."""
    return f"{n} {one if n == 1 else many}"


def agree(n, one, many):
    """The verb that agrees with a count: agree(1, "is", "are") is "is"."""
    return one if n == 1 else many
