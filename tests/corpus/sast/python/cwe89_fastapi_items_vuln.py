from fastapi import FastAPI
from sqlalchemy import create_engine, text

app = FastAPI()
engine = create_engine("postgresql://app@db/app")


@app.get("/items")
def search_items(name: str):
    with engine.connect() as conn:
        result = conn.execute(text("SELECT id, name FROM items WHERE name LIKE '%" + name + "%'"))
        return [dict(row._mapping) for row in result]
