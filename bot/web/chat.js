// The shopper chat page: talks to Rasa's REST webhook and renders its replies.
//
// Plain browser JavaScript, no build step and no outside resources. Every piece of server data
// is put on the page with textContent, never innerHTML, so bot or catalog text cannot inject
// markup.
//
// When the bot hands the conversation to a person (its reply carries
// {"custom": {"type": "handoff"}}), Rasa stops answering and staff write through the staff API.
// The webhook can only answer the request it was sent, so while the conversation is paused the
// page polls /webhooks/rest/updates for new messages, and stops once the server says it is no
// longer paused (staff handed it back to the assistant).

const WEBHOOK_URL = "/webhooks/rest/webhook";
const UPDATES_URL = "/webhooks/rest/updates";
const POLL_INTERVAL_MS = 3_000;
const POLL_MAX_INTERVAL_MS = 30_000;
const POLL_TIMEOUT_MS = 15_000;
const SENDER_KEY = "shop-assistant.sender";
const REQUEST_TIMEOUT_MS = 60_000;
const WELCOME =
  "Hi! I'm the shop assistant. Tell me what you're looking for, for example " +
  "\u201ca blue cotton t-shirt under $60\u201d, and I'll suggest products.";

const page = {
  log: document.getElementById("log"),
  chat: document.getElementById("chat"),
  typing: document.getElementById("typing"),
  error: document.getElementById("error"),
  form: document.getElementById("composer-form"),
  input: document.getElementById("message"),
  newConversation: document.getElementById("new-conversation"),
};

let senderId = loadOrCreateSender();
let pending = 0;
let queue = Promise.resolve();

// Polling state while a person has the conversation. `cursor` is the server timestamp of the
// newest message shown; null until the first poll has found where the handoff began.
// `generation` changes on every start and stop, so a poll still running from an earlier handoff
// (or conversation) drops its answer instead of rendering it into the current one.
const handoff = {
  active: false,
  generation: 0,
  sender: null,
  cursor: null,
  timer: 0,
  inFlight: false,
  again: false,
  failures: 0,
};

// ---------------------------------------------------------------------------------------------
// Conversation id: random, kept in localStorage so a reload continues the same conversation.

function randomId() {
  if (window.crypto && typeof window.crypto.randomUUID === "function") {
    return window.crypto.randomUUID();
  }
  // randomUUID needs a secure context; plain http on a LAN address is not one.
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function loadOrCreateSender() {
  try {
    const stored = window.localStorage.getItem(SENDER_KEY);
    if (stored) return stored;
  } catch {
    // Storage can be disabled (private mode, strict settings); an unsaved id still works.
  }
  return storeNewSender();
}

function storeNewSender() {
  const id = `shopper-${randomId()}`;
  try {
    window.localStorage.setItem(SENDER_KEY, id);
  } catch {
    // See loadOrCreateSender.
  }
  return id;
}

// ---------------------------------------------------------------------------------------------
// DOM helpers.

function el(tag, options = {}, children = []) {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  for (const [name, value] of Object.entries(options.attrs || {})) {
    node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child) node.append(child);
  }
  return node;
}

function scrollToEnd() {
  page.chat.scrollTop = page.chat.scrollHeight;
}

function addToLog(node) {
  page.log.append(node);
  scrollToEnd();
  return node;
}

function showTyping(visible) {
  page.typing.hidden = !visible;
  page.log.setAttribute("aria-busy", visible ? "true" : "false");
  if (visible) scrollToEnd();
}

function showError(message) {
  page.error.textContent = message;
  page.error.hidden = false;
}

function clearError() {
  page.error.textContent = "";
  page.error.hidden = true;
}

// ---------------------------------------------------------------------------------------------
// Rendering of messages.

function addUserBubble(text) {
  return addToLog(
    el("div", { className: "row row-user" }, [
      el("p", { className: "bubble bubble-user", text, attrs: { "data-speaker": "You" } }),
    ]),
  );
}

function addBotBubble(text) {
  return addToLog(
    el("div", { className: "row row-bot" }, [
      el("p", { className: "bubble bubble-bot", text, attrs: { "data-speaker": "Assistant" } }),
    ]),
  );
}

function addStaffBubble(text, staff) {
  return addToLog(
    el("div", { className: "row row-bot row-staff" }, [
      el("p", { className: "note speaker-label", text: `${staff} \u00b7 shop team` }),
      el("p", { className: "bubble bubble-bot bubble-staff", text, attrs: { "data-speaker": staff } }),
    ]),
  );
}

function addNote(text) {
  return addToLog(el("p", { className: "note", text }));
}

function retireQuickReplies() {
  for (const button of page.log.querySelectorAll(".quick-replies button")) {
    button.disabled = true;
  }
}

function renderQuickReplies(buttons) {
  const group = el("div", {
    className: "quick-replies",
    attrs: { role: "group", "aria-label": "Suggested replies" },
  });
  for (const button of buttons) {
    const title = String(button.title ?? button.payload ?? "");
    const payload = String(button.payload ?? button.title ?? "");
    if (!title && !payload) continue;
    const chip = el("button", {
      className: "chip-button",
      text: title || payload,
      attrs: { type: "button" },
    });
    chip.addEventListener("click", () => sendMessage(payload, title || payload));
    group.append(chip);
  }
  if (group.childElementCount) addToLog(group);
}

function formatPrice(price, currency) {
  const amount = typeof price === "string" ? Number(price) : price;
  if (typeof amount !== "number" || !Number.isFinite(amount)) {
    return price === null || price === undefined ? "" : String(price);
  }
  if (currency) {
    try {
      return new Intl.NumberFormat(document.documentElement.lang || undefined, {
        style: "currency",
        currency: String(currency),
      }).format(amount);
    } catch {
      return `${amount.toFixed(2)} ${currency}`;
    }
  }
  return amount.toFixed(2);
}

function stockBadge(inStock) {
  if (inStock === true) return el("span", { className: "badge badge-in", text: "In stock" });
  if (inStock === false) return el("span", { className: "badge badge-out", text: "Out of stock" });
  return null;
}

function optionChips(options) {
  const entries = options && typeof options === "object" ? Object.entries(options) : [];
  if (!entries.length) return null;
  return el(
    "ul",
    { className: "options", attrs: { "aria-label": "Options" } },
    entries.map(([name, value]) =>
      el("li", { className: "option" }, [
        el("span", { className: "option-name", text: `${name} ` }),
        el("span", { className: "option-value", text: String(value) }),
      ]),
    ),
  );
}

function productCard(product, number) {
  const title = String(product.title ?? product.item_id ?? product.product_id ?? "Product");
  const titleId = `product-${randomId()}`;
  const more = el("button", {
    className: "card-button",
    text: "Tell me more",
    attrs: { type: "button", "aria-label": `Tell me more about #${number}, ${title}` },
  });
  more.addEventListener("click", () => sendMessage(`tell me more about #${number}`));
  const similar = el("button", {
    className: "card-button",
    text: "More like this",
    attrs: { type: "button", "aria-label": `More like #${number}, ${title}` },
  });
  similar.addEventListener("click", () => sendMessage(`more like #${number}`));

  const price = formatPrice(product.price, product.currency);
  return el("li", { className: "card", attrs: { "aria-labelledby": titleId } }, [
    el("div", { className: "card-head" }, [
      el("span", {
        className: "card-number",
        text: String(number),
        attrs: { "aria-hidden": "true" },
      }),
      el("h2", { className: "card-title", text: title, attrs: { id: titleId } }),
    ]),
    el("div", { className: "card-meta" }, [
      price ? el("span", { className: "price", text: price }) : null,
      stockBadge(product.in_stock),
    ]),
    optionChips(product.options),
    product.reason ? el("p", { className: "reason", text: String(product.reason) }) : null,
    el("div", { className: "card-actions" }, [more, similar]),
  ]);
}

function renderProducts(products) {
  // "#2" always means the second product of the latest list, so older lists' buttons would
  // point at the wrong product: disable them once a newer list arrives.
  for (const button of page.log.querySelectorAll(".products .card-button")) {
    button.disabled = true;
    button.title = "This refers to an earlier list";
  }
  const list = el(
    "ol",
    { className: "products", attrs: { "aria-label": `${products.length} suggested products` } },
    products.map((product, index) => productCard(product || {}, index + 1)),
  );
  addToLog(list);
}

function isHandoff(message) {
  return Boolean(message && message.custom && message.custom.type === "handoff");
}

function renderBotMessage(message) {
  if (!message || typeof message !== "object") return;
  if (typeof message.text === "string" && message.text) {
    if (typeof message.staff === "string" && message.staff) {
      addStaffBubble(message.text, message.staff);
    } else {
      addBotBubble(message.text);
    }
  }
  if (message.image) addNote(`Image: ${message.image}`);
  const buttons = message.buttons || message.quick_replies;
  if (Array.isArray(buttons) && buttons.length) renderQuickReplies(buttons);
  const custom = message.custom;
  if (custom && custom.type === "products" && Array.isArray(custom.products)) {
    if (custom.products.length) renderProducts(custom.products);
  }
}

// ---------------------------------------------------------------------------------------------
// Talking to the server.

async function errorText(response) {
  let detail = "";
  try {
    const body = await response.json();
    if (body && typeof body.error === "string") detail = body.error;
  } catch {
    // Not JSON (e.g. a proxy's HTML error page): fall back to the status text.
  }
  const what = detail ? `: ${detail}` : ` ${response.statusText}`.trimEnd();
  return `The server answered ${response.status}${what}`;
}

async function postMessage(sender, text) {
  const controller = new AbortController();
  const timer = window.setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  try {
    const response = await fetch(WEBHOOK_URL, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ sender, message: text }),
      signal: controller.signal,
    });
    if (!response.ok) throw new Error(await errorText(response));
    const messages = await response.json().catch(() => null);
    if (!Array.isArray(messages)) throw new Error("The server sent a reply this page cannot read.");
    return messages;
  } catch (error) {
    if (error.name === "AbortError") {
      throw new Error("The assistant took too long to answer. Please try again.");
    }
    if (error instanceof TypeError) {
      throw new Error("Could not reach the shop assistant. Check your connection and try again.");
    }
    throw error;
  } finally {
    window.clearTimeout(timer);
  }
}

async function deliver(sender, text, bubble) {
  pending += 1;
  showTyping(true);
  try {
    const messages = await postMessage(sender, text);
    if (sender !== senderId) return; // the shopper started a new conversation meanwhile
    clearError();
    if (handoff.active && handoff.sender === sender) {
      // A person has the conversation: show replies in server order through the poll, which
      // also brings any staff message or hand-back sent before this one, without duplicates.
      pollNow();
      return;
    }
    messages.forEach(renderBotMessage);
    if (messages.some(isHandoff)) {
      startHandoff(sender);
    } else if (!messages.length) {
      // Rasa answers nothing while a conversation is paused for staff.
      const joined = await joinHandoffIfPaused(sender);
      if (sender !== senderId) return;
      addNote(
        joined
          ? "Sent to the shop team; they will answer here."
          : "No reply this time; try rephrasing.",
      );
    }
  } catch (error) {
    if (sender !== senderId) return;
    bubble.classList.add("bubble-failed");
    bubble.parentElement.append(el("span", { className: "failed-label", text: "Not delivered" }));
    showError(error.message);
    if (!page.input.value) page.input.value = text;
  } finally {
    if (sender === senderId) {
      pending -= 1;
      showTyping(pending > 0);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// While a person has the conversation: poll for their messages.

async function fetchUpdates(sender, since) {
  const query = new URLSearchParams({ sender });
  if (since !== null) query.set("since", String(since));
  const controller = new AbortController();
  const timer = window.setTimeout(() => controller.abort(), POLL_TIMEOUT_MS);
  try {
    const response = await fetch(`${UPDATES_URL}?${query}`, {
      headers: { Accept: "application/json" },
      cache: "no-store",
      signal: controller.signal,
    });
    if (!response.ok) throw new Error(await errorText(response));
    const body = await response.json();
    if (!body || !Array.isArray(body.messages)) throw new Error("Unreadable update.");
    return body;
  } finally {
    window.clearTimeout(timer);
  }
}

function newestTimestamp(messages, fallback) {
  return messages.reduce(
    (newest, m) => (typeof m.timestamp === "number" && m.timestamp > newest ? m.timestamp : newest),
    fallback ?? 0,
  );
}

function unseenMessages(messages) {
  if (handoff.cursor !== null) return messages;
  // First poll (from the start of the conversation): everything up to the latest handoff reply
  // is already on the page; without one, all of it is.
  let start = messages.length;
  messages.forEach((message, index) => {
    if (isHandoff(message)) start = index + 1;
  });
  return messages.slice(start);
}

async function poll() {
  const generation = handoff.generation;
  handoff.timer = 0;
  handoff.inFlight = true;
  let delay = POLL_INTERVAL_MS;
  try {
    const body = await fetchUpdates(handoff.sender, handoff.cursor);
    if (generation !== handoff.generation) return;
    unseenMessages(body.messages).forEach(renderBotMessage);
    handoff.cursor = newestTimestamp(body.messages, handoff.cursor);
    handoff.failures = 0;
    if (!body.paused) {
      stopHandoff();
      return;
    }
  } catch {
    // Keep trying, less often, while the server or the network is away.
    handoff.failures += 1;
    delay = Math.min(POLL_INTERVAL_MS * 2 ** handoff.failures, POLL_MAX_INTERVAL_MS);
  } finally {
    if (generation === handoff.generation) handoff.inFlight = false;
  }
  if (generation !== handoff.generation) return;
  if (handoff.again) {
    handoff.again = false;
    delay = 0;
  }
  handoff.timer = window.setTimeout(poll, delay);
}

function pollNow() {
  if (!handoff.active) return;
  if (handoff.inFlight) {
    handoff.again = true;
    return;
  }
  window.clearTimeout(handoff.timer);
  handoff.timer = window.setTimeout(poll, 0);
}

function startHandoff(sender, cursor = null) {
  if (handoff.active && handoff.sender === sender) return;
  stopHandoff();
  Object.assign(handoff, { active: true, sender, cursor, failures: 0, again: false });
  handoff.generation += 1;
  handoff.timer = window.setTimeout(poll, cursor === null ? 0 : POLL_INTERVAL_MS);
}

function stopHandoff() {
  window.clearTimeout(handoff.timer);
  Object.assign(handoff, { active: false, sender: null, cursor: null, timer: 0, again: false });
  Object.assign(handoff, { inFlight: false, generation: handoff.generation + 1 });
}

async function joinHandoffIfPaused(sender) {
  // For when the page missed the handoff reply (a reload, another tab): if a person has the
  // conversation, poll from its newest message on, without replaying older ones.
  try {
    const body = await fetchUpdates(sender, null);
    if (!body.paused || sender !== senderId) return false;
    startHandoff(sender, newestTimestamp(body.messages, 0));
    return true;
  } catch {
    return false; // the chat itself still works; the next empty reply checks again
  }
}

function sendMessage(payload, shownAs = payload) {
  const text = String(payload);
  if (!text.trim()) return;
  retireQuickReplies();
  const row = addUserBubble(shownAs);
  const bubble = row.querySelector(".bubble");
  const sender = senderId;
  // One request at a time, so replies appear in the order the messages were sent.
  queue = queue.then(() => deliver(sender, text, bubble));
}

function startConversation({ fresh }) {
  stopHandoff();
  if (fresh) senderId = storeNewSender();
  // Requests of the old conversation may still be running; their answers are dropped in deliver.
  queue = Promise.resolve();
  pending = 0;
  showTyping(false);
  page.log.replaceChildren();
  clearError();
  addBotBubble(WELCOME);
  page.input.value = "";
  page.input.focus();
  if (!fresh) {
    const sender = senderId;
    joinHandoffIfPaused(sender).then((joined) => {
      if (joined && sender === senderId) {
        addNote("A member of the shop team is looking after this conversation.");
      }
    });
  }
}

page.form.addEventListener("submit", (event) => {
  event.preventDefault();
  const text = page.input.value;
  if (!text.trim()) {
    page.input.focus();
    return;
  }
  page.input.value = "";
  sendMessage(text);
  page.input.focus();
});

page.newConversation.addEventListener("click", () => startConversation({ fresh: true }));

startConversation({ fresh: false });
