"""Verifying who the shopper is: by email, or by first name + last name + zip.

Nothing about orders, addresses or payment methods is read before this succeeds. One user per
conversation: an email of another account later on is refused. After
:data:`support.state.MAX_IDENTITY_ATTEMPTS` failed checks the request ends with ``handoff``.
"""

from __future__ import annotations

from support import extract
from support.desk.turn import StoreReader, Turn, ask
from support.state import HANDOFF, MAX_IDENTITY_ATTEMPTS
from support.wording import Reply


def read_identity(store: StoreReader, turn: Turn, text: str) -> bool:
    """Take the email, name or zip (and an order id to check later) this message gives.

    Returns:
        True if the message said something about who the shopper is (or named an order).
    """
    draft, session = turn.draft, turn.session
    mentions = extract.find_order_ids(text)
    if session.user_id is None and mentions.valid and not draft.order_hint:
        draft.order_hint = mentions.valid[0]
    emails = extract.find_emails(text)
    name = extract.find_name(text)
    zip_code = extract.find_zip(text)
    if session.user_id is not None:
        if emails and store.find_user_id_by_email(emails[0]) not in (None, session.user_id):
            turn.replies.append(Reply(
                "You're already verified on another account in this conversation; I can only "
                "help with that one account here."))
            return True
        return False
    if not (emails or name or zip_code):
        return bool(mentions.valid)
    if emails:
        user_id = store.find_user_id_by_email(emails[0])
        if user_id:
            return _verified(store, turn, user_id)
        return _failed_identity(turn, f"I couldn't find an account with the email {emails[0]}.")
    if name:
        draft.name = [name[0], name[1]]
    if zip_code:
        draft.zip = zip_code
    if draft.name and draft.zip:
        user_id = store.find_user_id_by_name_zip(draft.name[0], draft.name[1], draft.zip)
        if user_id:
            return _verified(store, turn, user_id)
        # Both halves are kept: a shopper who corrects only the zip (or only the name) is
        # checked again with the other half they gave before.
        return _failed_identity(turn, "I couldn't find an account with that name and zip code.")
    return True


def _verified(store: StoreReader, turn: Turn, user_id: str) -> bool:
    turn.session.user_id = user_id
    turn.draft.name, turn.draft.zip = None, None
    user = store.get_user(user_id)
    first = user.first_name if user else ""
    turn.replies.append(Reply(f"Thanks {first}, you're verified.".replace("  ", " ")))
    return True


def _failed_identity(turn: Turn, why: str) -> bool:
    turn.session.attempts += 1
    if turn.session.attempts >= MAX_IDENTITY_ATTEMPTS:
        turn.draft.outcome = HANDOFF
        turn.replies.append(Reply(why))
    else:
        left = MAX_IDENTITY_ATTEMPTS - turn.session.attempts
        turn.replies.append(Reply(f"{why} Please check and try again ({left} attempt{'s' if left > 1 else ''} left)."))
    return True


def ask_identity(turn: Turn, *, progressed: bool, intent: str) -> Turn:
    """Ask for what verification still lacks: the other half of name + zip, or all of it."""
    draft = turn.draft
    if draft.name and not draft.zip:
        text = f"Thanks, {draft.name[0]}. What's the zip code on your account?"
    elif draft.zip and not draft.name:
        text = "Thanks. And your first and last name?"
    else:
        text = (
            "Before I can look at orders I need to verify your identity: please tell me the "
            "email address on your account, or your first name, last name and zip code."
        )
        if draft.awaiting == "identity" and not progressed:
            text = "Sorry, I didn't catch that. " + text
    return ask(turn, "identity", Reply(text))
