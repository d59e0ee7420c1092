-- Defaults the edge functions read from admin_config; the admin function changes them.
-- ON CONFLICT DO NOTHING: re-running never overwrites what an admin has set.
insert into public.admin_config (key, value) values
  ('credit_packs', '[
     {"id": "starter", "name": "Starter", "credits": 10, "price_cents": 999, "currency": "usd"},
     {"id": "creator", "name": "Creator", "credits": 50, "price_cents": 3999, "currency": "usd"},
     {"id": "studio", "name": "Studio", "credits": 120, "price_cents": 7999, "currency": "usd"}
   ]'::jsonb),
  ('system_prompt', '"Cinematic, natural motion that keeps the subject and composition of the photo. No text, no logos."'::jsonb),
  ('generation', '{"provider": "runway", "model": "gen4_turbo", "credits_per_5s": 1, "credits_per_10s": 2}'::jsonb)
on conflict (key) do nothing;
