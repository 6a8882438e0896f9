// The data side of a stand-in Freshdesk: tickets with requesters and conversations, solution
// articles, and every write recorded so tests can count answers.

export interface FakeTicket {
  id: number;
  subject: string;
  description: string;
  description_text: string;
  status: number;
  priority: number;
  source: number;
  tags: string[];
  requester_id: number;
  created_at: string;
  updated_at: string;
}

export interface FakeConversation {
  id: number;
  ticket_id: number;
  body: string;
  body_text: string;
  private: boolean;
  incoming: boolean;
  /** What kind of write made it: tests count replies and notes separately. */
  kind: 'reply' | 'note';
  created_at: string;
}

export interface FakeArticle {
  id: number;
  folder_id: number;
  title: string;
  description: string;
  description_text: string;
  status: number;
  updated_at: string;
}

const stripTags = (html: string) =>
  html
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

export class FakeFreshdeskState {
  readonly tickets = new Map<number, FakeTicket>();
  readonly conversations: FakeConversation[] = [];
  readonly contacts = new Map<number, { id: number; name: string; email: string }>();
  readonly articles: FakeArticle[] = [];
  readonly categories = [{ id: 1, name: 'Xero' }];
  readonly folders = [{ id: 10, name: 'Connection problems', category_id: 1 }];
  private nextId = 1000;

  constructor(private readonly now: () => number = Date.now) {}

  private stamp(): string {
    return new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  contactFor(email: string, name = email.split('@')[0] ?? email): number {
    for (const c of this.contacts.values()) if (c.email === email) return c.id;
    const id = ++this.nextId;
    this.contacts.set(id, { id, name, email });
    return id;
  }

  addTicket(input: {
    subject: string;
    description: string;
    email: string;
    tags?: string[];
    priority?: number;
  }): FakeTicket {
    const id = ++this.nextId;
    const at = this.stamp();
    const ticket: FakeTicket = {
      id,
      subject: input.subject,
      description: input.description,
      description_text: stripTags(input.description),
      status: 2,
      priority: input.priority ?? 1,
      source: 1,
      tags: input.tags ?? [],
      requester_id: this.contactFor(input.email),
      created_at: at,
      updated_at: at,
    };
    this.tickets.set(id, ticket);
    return ticket;
  }

  touch(ticket: FakeTicket): void {
    ticket.updated_at = this.stamp();
  }

  addConversation(
    ticketId: number,
    kind: 'reply' | 'note',
    body: string,
    isPrivate: boolean,
  ): FakeConversation {
    const conversation: FakeConversation = {
      id: ++this.nextId,
      ticket_id: ticketId,
      body,
      body_text: stripTags(body),
      private: isPrivate,
      incoming: false,
      kind,
      created_at: this.stamp(),
    };
    this.conversations.push(conversation);
    const ticket = this.tickets.get(ticketId);
    if (ticket) this.touch(ticket);
    return conversation;
  }

  addArticle(input: { title: string; description: string; folderId?: number }): FakeArticle {
    const article: FakeArticle = {
      id: ++this.nextId,
      folder_id: input.folderId ?? 10,
      title: input.title,
      description: input.description,
      description_text: stripTags(input.description),
      status: 2,
      updated_at: this.stamp(),
    };
    this.articles.push(article);
    return article;
  }

  /** Replies and notes posted on a ticket, oldest first. */
  answersOn(ticketId: number): FakeConversation[] {
    return this.conversations.filter((c) => c.ticket_id === ticketId);
  }
}
