import { Request, Response } from "express";
import { Pool } from "pg";

const pool = new Pool();

export async function findUser(req: Request, res: Response) {
  const email = req.params.email;
  const result = await pool.query(`SELECT id, email FROM users WHERE email = '${email}'`);
  res.json(result.rows);
}
