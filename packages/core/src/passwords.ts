/** The password policy, shared by the server (enforces) and the desk (explains as you type). */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push(`at least ${PASSWORD_MIN_LENGTH} characters`);
  if (password.length > PASSWORD_MAX_LENGTH) problems.push(`at most ${PASSWORD_MAX_LENGTH} characters`);
  if (/^(.)\1*$/u.test(password)) problems.push('not one character repeated');
  if (username !== undefined && password.toLowerCase().includes(username.toLowerCase()) && username.length > 0) {
    problems.push('must not contain the username');
  }
  return problems;
}
