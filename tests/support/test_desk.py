"""The customer-service desk against the policy, on a real SQLite store seeded from τ²'s db.json.

Each test is a short conversation: (intent, text) turns as NLU would label them. The desk never
writes while talking; the tests carry out a confirmed request the way the action server does
(:meth:`Desk.execute`) and then read the audit log.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from store import ShopStore, StoreSettings
from support.desk import Desk, Message
from support.state import ABANDONED, ANSWERED, CONFIRMED, DECLINED, HANDOFF, Draft, Session

TAU2_DB = Path(__file__).resolve().parents[3] / "shared" / "data" / "tau2-retail" / "db.json"
YUSUF = "Yusuf Rossi, 19122"  # yusuf_rossi_9620: #W6247578 pending, #W2378156 delivered


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("desk") / "template.db"
    ShopStore.open(StoreSettings(db_url=f"sqlite:///{path}", seed_file=TAU2_DB)).close()
    return path


@pytest.fixture
def store(template: Path, tmp_path: Path) -> Iterator[ShopStore]:
    path = tmp_path / "shop.db"
    shutil.copyfile(template, path)
    shop = ShopStore.open(StoreSettings(db_url=f"sqlite:///{path}", seed_file=TAU2_DB))
    yield shop
    shop.close()


class Chat:
    """A conversation with the desk, carried out like the action server does."""

    def __init__(self, store: ShopStore) -> None:
        self.store = store
        self.desk = Desk(store)
        self.draft, self.session = Draft(), Session()
        self.outcomes: list[str] = []
        self.said: list[str] = []

    def say(self, intent: str, text: str) -> str:
        if self.draft.outcome is not None:
            self.draft = Draft()
        turn = self.desk.handle(Message(text, intent), self.draft, self.session)
        self.draft, self.session = turn.draft, turn.session
        out = [r.text for r in turn.replies]
        if turn.stepped_aside:
            out.append("<stepped aside>")
        elif turn.done:
            self.outcomes.append(self.draft.outcome or "")
            out += [r.text for r in self.desk.execute(self.draft, self.session, "test-conv", self.store)]
        elif self.draft.question:
            out.append(self.draft.question["text"])
        self.said.append("\n".join(out))
        return self.said[-1]

    def writes(self) -> list[tuple[str, dict]]:
        return [(e.op, dict(e.args)) for e in self.store.audit_log()]


def test_order_details_only_after_verification(store: ShopStore) -> None:
    chat = Chat(store)
    first = chat.say("order_status", "where is my order #W2378156")
    assert "verify" in first and "Headphones" not in first and "delivered" not in first
    wrong = chat.say("inform", "yusuf.rossi@example.com")
    assert "couldn't find an account" in wrong and "Headphones" not in wrong
    answer = chat.say("inform", YUSUF)
    assert "#W2378156 is delivered" in answer and "Headphones" in answer
    assert chat.outcomes == [ANSWERED] and chat.writes() == []


def test_five_failed_attempts_stop_asking(store: ShopStore) -> None:
    chat = Chat(store)
    chat.say("cancel_order", "cancel my order")
    for attempt in range(5):
        reply = chat.say("inform", f"nobody{attempt}@example.com")
    assert chat.outcomes == [HANDOFF]
    assert "attempt" not in reply  # no sixth question
    assert chat.session.user_id is None and chat.writes() == []


def test_someone_elses_order_is_refused_without_details(store: ShopStore) -> None:
    chat = Chat(store)
    chat.say("inform", YUSUF)
    reply = chat.say("order_status", "what's the status of order #W2611340")  # not Yusuf's
    assert "couldn't find order #W2611340 on your account" in reply
    assert "processed" not in reply


def test_one_user_per_conversation(store: ShopStore) -> None:
    chat = Chat(store)
    chat.say("inform", YUSUF)
    reply = chat.say("order_status", "I'm mia.garcia2723@example.com, where are my orders")
    assert "only help with that one account" in reply
    assert chat.session.user_id == "yusuf_rossi_9620"


@pytest.mark.parametrize("bad", ["#W123", "'; DROP TABLE orders; --", "#W99999999"])
def test_malformed_or_foreign_order_ids(store: ShopStore, bad: str) -> None:
    chat = Chat(store)
    chat.say("inform", YUSUF)
    reply = chat.say("cancel_order", f"cancel order {bad}")
    assert "#W6247578" not in reply or "Which order" in reply
    assert chat.writes() == []
    assert store.get_order("#W6247578").status == "pending"


def test_cancel_needs_a_policy_reason_and_a_yes(store: ShopStore) -> None:
    chat = Chat(store)
    chat.say("inform", YUSUF)
    ask = chat.say("cancel_order", "please cancel order #W6247578")
    assert "no longer needed" in ask and "ordered by mistake" in ask
    still = chat.say("inform", "it's too expensive")
    assert "no longer needed" in still and chat.writes() == []
    confirm = chat.say("inform", "I don't need it anymore")
    assert "To confirm: cancel order #W6247578 (no longer needed)" in confirm and chat.writes() == []
    done = chat.say("affirm", "yes")
    assert "cancelled" in done
    assert chat.writes() == [("cancel_pending_order", {"order_id": "#W6247578", "reason": "no longer needed"})]
    again = chat.say("cancel_order", "cancel #W6247578")  # now cancelled: refused, nothing written
    assert "cancelled, and only pending orders can be cancelled" in again
    assert len(chat.writes()) == 1


def test_no_at_the_confirmation_writes_nothing(store: ShopStore) -> None:
    chat = Chat(store)
    chat.say("cancel_order", "cancel order #W6247578, I ordered it by mistake")
    confirm = chat.say("inform", YUSUF)
    assert "To confirm: cancel order #W6247578 (ordered by mistake)" in confirm
    chat.say("deny", "no")
    assert chat.outcomes == [DECLINED] and chat.writes() == []


def test_stopping_midway_writes_nothing(store: ShopStore) -> None:
    chat = Chat(store)
    chat.say("return_items", "I want to return something from #W2378156")
    chat.say("inform", YUSUF)
    chat.say("deny", "never mind")
    assert chat.outcomes == [ABANDONED] and chat.writes() == []


def test_return_refund_only_to_original_method_or_gift_card(store: ShopStore) -> None:
    chat = Chat(store)
    chat.say("inform", "mia.garcia2723@example.com")  # two orders, paid by different methods
    chat.say("return_items", "return everything from order #W7387996")
    wrong = chat.say("inform", "refund it to my credit card")
    assert "original payment method" in wrong
    chat.say("inform", "paypal")
    chat.say("affirm", "yes")
    assert chat.writes() == [("return_delivered_order_items",
                              {"order_id": "#W7387996", "item_ids": ["5796612084"], "payment_method_id": "paypal_9497703"})]


def test_exchange_resolves_items_and_variants_in_words(store: ShopStore) -> None:
    chat = Chat(store)
    chat.say("exchange_items", "I got order #W2378156 and want to exchange the mechanical keyboard for one "
             "with clicky switches and the smart thermostat for one compatible with Google Home")
    choose = chat.say("inform", YUSUF)
    assert "Which Mechanical Keyboard" in choose  # clicky + RGB + full size is sold out: truly ambiguous
    confirm = chat.say("inform", "the full size one without backlight")
    assert "clicky, backlight: none, size: full size" in confirm and "Google Assistant" in confirm
    assert "Is that every item you want to exchange?" in confirm
    chat.say("affirm", "yes please")
    assert chat.writes() == [("exchange_delivered_order_items", {
        "order_id": "#W2378156", "item_ids": ["1151293680", "4983901480"],
        "new_item_ids": ["7706410293", "7747408585"], "payment_method_id": "credit_card_9513926"})]
    order = store.get_order("#W2378156")
    assert order is not None and order.status == "exchange requested"


def test_digressions_step_aside_and_the_request_survives(store: ShopStore) -> None:
    chat = Chat(store)
    chat.say("cancel_order", "cancel my order #W6247578")
    assert chat.say("faq", "how long do refunds take?") == "<stepped aside>"
    assert chat.draft.awaiting == "identity"
    chat.say("inform", YUSUF)
    assert chat.say("help", "what can you do") == "<stepped aside>"
    chat.say("inform", "ordered by mistake")
    chat.say("affirm", "yes")
    assert chat.writes() == [("cancel_pending_order", {"order_id": "#W6247578", "reason": "ordered by mistake"})]


def test_default_address_change_is_confirmed_then_written(store: ShopStore) -> None:
    chat = Chat(store)
    chat.say("inform", YUSUF)
    confirm = chat.say("change_default_address", "change my default address to 101 Highway, New York, NY 10001")
    assert "To confirm: change your default address to 101 Highway, New York, NY 10001, USA" in confirm
    assert chat.writes() == []
    chat.say("affirm", "yes")
    assert chat.writes() == [("modify_user_address", {
        "user_id": "yusuf_rossi_9620", "address1": "101 Highway", "address2": "", "city": "New York",
        "state": "NY", "country": "USA", "zip": "10001"})]


def test_confirmed_draft_is_carried_out_once(store: ShopStore) -> None:
    chat = Chat(store)
    chat.say("inform", YUSUF)
    chat.say("cancel_order", "cancel #W6247578 no longer needed")
    chat.say("affirm", "yes")
    assert chat.outcomes[-1] == CONFIRMED
    # A replayed confirmed draft (e.g. a retried action call) is refused by the store's own check.
    replies = chat.desk.execute(chat.draft, chat.session, "test-conv", store)
    assert "Nothing has been changed" in replies[0].text
    assert len(chat.writes()) == 1


# ---------------------------------------------------------------------------------------------
# Shopper turns that need more than one fact at a time: lists, references, corrections.


def test_ambiguous_item_is_asked_before_the_confirmation(store: ShopStore) -> None:
    chat = Chat(store)  # daiki_johnson_9523: #W9502127 has a canister and a robotic vacuum
    chat.say("return_items", "I want to return an air purifier and a vacuum cleaner")
    ask = chat.say("inform", "Daiki Johnson, zip code 80273")
    assert 'Which one do you mean by "a vacuum cleaner"?' in ask and "To confirm" not in ask
    confirm = chat.say("inform", "the robotic one")  # "one" describes, it doesn't point at #1
    assert "robotic" in confirm and "canister" not in confirm and "Air Purifier" in confirm
    chat.say("affirm", "yes")
    assert chat.writes() == [("return_delivered_order_items", {
        "order_id": "#W9502127", "item_ids": ["9534205511", "6259501109"], "payment_method_id": "paypal_2433177"})]


def test_a_corrected_zip_is_checked_with_the_name_given_before(store: ShopStore) -> None:
    chat = Chat(store)
    chat.say("order_status", "How much did I pay for my most recent order?")
    assert "couldn't find an account" in chat.say("inform", "Noah Ito, zip code 98178")
    answer = chat.say("inform", "sorry, it's 98187")
    assert chat.session.user_id == "noah_ito_3850"
    assert "Order #W6729841 is pending" in answer  # "most recent", said before verification


def test_items_in_an_order_of_the_wrong_status_and_cancel_it_instead(store: ShopStore) -> None:
    chat = Chat(store)  # emma_smith_8564: the laptop is in pending #W2417020
    chat.say("return_items", "I'd like to return a laptop I just received")
    said = chat.say("inform", "Emma Smith, zip code 10192")
    assert "#W2417020 (Laptop) is pending, and only delivered orders can be returned" in said
    assert "That's order" not in said  # the only delivered order (a camera) is not taken instead
    confirm = chat.say("cancel_order", "oh, then please cancel it instead, I found a better deal elsewhere")
    assert "To confirm: cancel order #W2417020 (no longer needed)" in confirm


def test_exchange_asked_for_a_pending_order_changes_its_items(store: ShopStore) -> None:
    chat = Chat(store)
    chat.say("inform", "yara.muller9246@example.com")
    confirm = chat.say("exchange_items", "For order #W5056519 I want to exchange the makeup kit for a Brand A one with dark skin tone")
    assert "is pending, so I'll change the items in it instead" in confirm
    assert "Items of a pending order can be changed only once" in confirm
    chat.say("affirm", "yes")
    assert chat.writes()[0][0] == "modify_pending_order_items"


def test_cancel_explains_whole_orders_and_where_refunds_go(store: ShopStore) -> None:
    chat = Chat(store)
    chat.say("inform", "Ivan Hernandez, 92133")
    said = chat.say("cancel_order", "I'd like to cancel the air purifier in order #W4284542")
    assert "can't cancel single items" in said and "Smartphone" in said
    refund = chat.say("inform", "can the refund go to my gift card?")
    assert "original payment method (Mastercard ending 4127)" in refund
    chat.say("deny", "no, then don't cancel anything")
    assert chat.outcomes[-1] == ABANDONED and chat.writes() == []


def test_that_order_means_the_one_just_talked_about(store: ShopStore) -> None:
    chat = Chat(store)  # aarav_lee_1982: the luggage set is in pending #W3361211
    chat.say("inform", "Aarav Lee, zip code 85025")
    ask = chat.say("modify_order_items", "I want to change the luggage set in my order for a coat")
    assert "What would you like instead of the Luggage Set" in ask
    assert "it can't become a different product" in chat.say("inform", "a coat")
    chat.say("return_items", "then I'd like to return the luggage set")  # pending: refused, request ends
    assert chat.outcomes[-1] == ANSWERED
    chat.say("cancel_order", "then please cancel the entire order")
    confirm = chat.say("inform", "I no longer need it")
    assert "To confirm: cancel order #W3361211 (no longer needed)" in confirm


def test_address_of_another_order_by_its_items_or_its_city(store: ShopStore) -> None:
    chat = Chat(store)
    chat.say("inform", "sophia.martin4832@example.com")
    chat.say("modify_order_address", "I need to change the shipping address of one of my orders")
    chat.say("inform", "the one with the tablet")
    confirm = chat.say("inform", "the same address as my luggage set order")
    assert "ship order #W1603792 to 592 Elm Avenue, Suite 978, Houston, TX 77242" in confirm
    chat.say("affirm", "yes")
    other = Chat(store)
    other.say("inform", "Yusuf Li, zip code 91148")
    confirm = other.say("modify_order_address", "I want to change the shipping address of my LA order to my NYC address")
    assert "ship order #W6750959 to 476 Maple Drive, Suite 432, New York, NY 10093" in confirm


def test_order_address_to_the_default_address_is_not_a_default_address_change(store: ShopStore) -> None:
    chat = Chat(store)
    chat.say("inform", "lucas.brown9344@example.com")
    confirm = chat.say("change_default_address", "please change the address of my pending order to my default address")
    assert "To confirm: ship order #W4860251 to 921 Park Avenue" in confirm


def test_corrections_at_the_confirmation(store: ShopStore) -> None:
    chat = Chat(store)  # ivan_khan_7475: #W5270061 ships to Washington DC
    chat.say("modify_order_items", "I want to change some items in my order that's going to Washington DC")
    assert "#W5270061" in chat.say("inform", "Ivan Khan, zip code 28243")
    chat.say("inform", "I want the desk lamp in black, and the backpack in medium size and polyester")
    first = chat.say("inform", "gift card")
    assert "Desk Lamp" in first and "gift card" in first
    again = chat.say("inform", "actually, let's use PayPal instead, and only change the backpack")
    assert "Desk Lamp" not in again and "with PayPal" in again and chat.writes() == []
    chat.say("affirm", "yes")
    assert chat.writes() == [("modify_pending_order_items", {
        "order_id": "#W5270061", "item_ids": ["2492465580"], "new_item_ids": ["5917587651"],
        "payment_method_id": "paypal_7729105"})]


def test_a_yes_with_a_correction_is_not_a_plain_yes(store: ShopStore) -> None:
    chat = Chat(store)
    chat.say("inform", "Sofia Li, zip code 78260")
    chat.say("exchange_items", "I want to exchange the digital camera for one with the maximum zoom")
    chat.say("inform", "PayPal")
    again = chat.say("affirm", "yes, but use my visa instead")
    assert "Visa ending 6791" in again and chat.writes() == []
    again = chat.say("deny", "no, use PayPal instead")  # a correction, not a no
    assert "with PayPal" in again and chat.outcomes[-1] != DECLINED
    chat.say("deny", "no, leave it")
    assert chat.outcomes[-1] == DECLINED and chat.writes() == []


def test_order_picked_by_a_detail_of_its_line_and_the_request_read_then(store: ShopStore) -> None:
    chat = Chat(store)  # lei_wilson_4541: two delivered orders with a 15-inch laptop
    chat.say("exchange_items", "I received a laptop and I want to exchange it for one with an i7 processor, 8GB RAM and a 1TB SSD")
    assert "Which order is it about?" in chat.say("inform", "Lei Wilson, zip 32255")
    confirm = chat.say("inform", "the 15-inch one with 32GB")
    assert "exchange in order #W4073673" in confirm and "processor: i7, ram: 8GB, storage: 1TB SSD" in confirm
    assert "already have" not in confirm


def test_the_more_expensive_one_across_orders(store: ShopStore) -> None:
    chat = Chat(store)  # chen_silva_7485: a $938.92 tablet in #W3069600, a $989.70 one in #W9571698
    chat.say("inform", "Chen Silva, zip code 46281")
    confirm = chat.say("return_items", "I got two tablets, I'd like to return the more expensive tablet")
    assert "from order #W9571698" in confirm and "$989.70" in confirm
    wrong = chat.say("inform", "refund it to my credit card")
    assert "original payment method" in wrong
    confirm = chat.say("inform", "fine, refund it to my gift card then")
    assert "Digital Camera" not in confirm  # "card" in "gift card" is no CF card


def test_two_identical_lines_each_get_their_own_new_item(store: ShopStore) -> None:
    chat = Chat(store)  # aarav_anderson_8794: #W4316152 has the same kettle twice; gift card $17
    chat.say("inform", "Aarav Anderson, zip code 19031")
    said = chat.say("exchange_items", "For order #W4316152 I want to exchange one tea kettle for a ceramic one that "
                    "works on gas stovetops, and the other tea kettle for a 1.5 liter one that works on gas stovetops")
    assert chat.draft.lines == ["7292993796", "7292993796"]
    assert chat.draft.targets == ["3761330360", "9647374798"]
    assert "doesn't cover the price difference of $21.10" in said and chat.writes() == []


def test_all_pending_orders_are_taken_one_at_a_time(store: ShopStore) -> None:
    chat = Chat(store)
    chat.say("inform", "amelia.silva7872@example.com")
    said = chat.say("cancel_order", "cancel all my pending orders")
    assert "one at a time: first order #W4836353, then #W7342738" in said
    chat.say("inform", "no longer needed")
    chat.say("affirm", "yes")
    confirm = chat.say("cancel_order", "cancel the other pending order too, no longer needed")
    assert "To confirm: cancel order #W7342738" in confirm


def test_the_same_item_again_is_no_exchange(store: ShopStore) -> None:
    chat = Chat(store)
    chat.say("inform", "Yara Ito, zip code 75284")
    said = chat.say("exchange_items", "The hiking boots I got seem worn, I'd like a new pair with the same specs")
    assert "not for the same one" in said and "What would you like instead" in said


def test_an_identity_answer_mislabelled_as_a_question_is_still_read(store: ShopStore) -> None:
    chat = Chat(store)
    chat.say("order_status", "where is my order #W2378156")
    answer = chat.say("faq", YUSUF)  # NLU took it for an account FAQ
    assert "Order #W2378156 is delivered" in answer


def test_a_real_question_while_identity_is_asked_steps_aside(store: ShopStore) -> None:
    chat = Chat(store)
    chat.say("order_status", "where is my order #W2378156")
    assert chat.say("faq", "why do you need my zip code?") == "<stepped aside>"


def test_suggestions_need_identity_and_no_order(store: ShopStore) -> None:
    chat = Chat(store)
    first = chat.say("recommend_for_me", "what would you recommend for me?")
    assert "verify your identity" in first and chat.outcomes == []
    chat.say("inform", YUSUF)
    assert chat.outcomes == [ANSWERED] and chat.draft.task == "recommend"
    assert chat.session.user_id == "yusuf_rossi_9620" and chat.writes() == []


def test_suggestions_for_a_verified_shopper_finish_at_once(store: ShopStore) -> None:
    chat = Chat(store)
    chat.say("inform", YUSUF)
    chat.say("recommend_for_me", "any recommendations for me")
    assert chat.outcomes[-1] == ANSWERED and chat.draft.task == "recommend"
    assert "Which order" not in chat.said[-1]
