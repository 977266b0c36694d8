"""The Rasa-server side of the shop assistant: input channels and the shopper chat page.

Modules: :mod:`bot.channels` (the channels named in ``credentials.yml``), :mod:`bot.validation`
(what a webhook request must look like), :mod:`bot.web_assets` (which page files are served),
:mod:`bot.settings` (the environment variables read at server start). ``bot/web`` holds the page.
"""
