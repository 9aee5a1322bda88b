"""Evidence packs (迎检材料): one .zip of records, photos and files for an inspection."""
