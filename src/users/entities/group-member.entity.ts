import { Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAt } from 'src/database/timestamp-columns';

@Entity('group_members')
export class GroupMemberEntity {
  @PrimaryColumn({ name: 'group_id', type: 'uuid' })
  groupId: string;

  @Index('IDX_GROUP_MEMBERS_USER_ID')
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @CreatedAt()
  createdAt: Date;
}
