printf 'hello\nnot a dump\n' | itl-show --at 2024-06-01T00:00:00Z -
