"""The Telegram adapter: aiogram on one side, Herald's messenger Protocol on the other."""
